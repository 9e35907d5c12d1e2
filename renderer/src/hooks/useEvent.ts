import { useEffect, useRef } from 'react';
import type { EventName, Events } from '../../../shared/api';
import { useApi } from '../api/ApiContext';

/** Subscribe to an engine event for the component's lifetime; the latest listener is always the one called. */
export function useEvent<E extends EventName>(name: E, listener: (payload: Events[E]) => void): void {
  const api = useApi();
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => api.on(name, (payload) => ref.current(payload)), [api, name]);
}
