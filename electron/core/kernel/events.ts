import { EventEmitter } from 'node:events';
import type { EventName, Events } from '../../../shared/api';
import type { EngineEvents } from '../engine-types';

/** A typed emitter for engine → renderer events. One per engine (no module state). */
export function createEngineEvents(): EngineEvents {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    on<E extends EventName>(name: E, listener: (payload: Events[E]) => void) {
      emitter.on(name, listener as (p: unknown) => void);
      return () => emitter.off(name, listener as (p: unknown) => void);
    },
    emit<E extends EventName>(name: E, payload: Events[E]) {
      emitter.emit(name, payload);
    },
    listening: (name) => emitter.listenerCount(name) > 0,
  };
}
