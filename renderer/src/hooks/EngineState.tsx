import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type {
  AppInfo,
  Banner,
  ForwardingState,
  MetricsSnapshot,
  OverallState,
  SessionStatus,
} from '../../../shared/dto';
import { useLoad } from './useCommand';
import { useEvent } from './useEvent';

export interface EngineState {
  info: AppInfo | null;
  session: SessionStatus | null;
  forwarding: ForwardingState | null;
  metrics: MetricsSnapshot | null;
  banners: Banner[];
  overall: OverallState | null;
  setSession: (s: SessionStatus) => void;
  setForwarding: (f: ForwardingState) => void;
}

const Ctx = createContext<EngineState | null>(null);

/** What several screens show at once (header, banners, status), loaded once and kept live by events. */
export function EngineStateProvider({ children }: { children: ReactNode }) {
  const info = useLoad('app:info', undefined);
  const session = useLoad('session:get', undefined);
  const forwarding = useLoad('forwarding:get', undefined);
  const metrics = useLoad('metrics:get', undefined);
  const banners = useLoad('banners:get', undefined);
  const overall = useLoad('overall:get', undefined);

  // The header, banners and Status follow the primary number; the Numbers screen listens to every number.
  useEvent('session:status', (s) => {
    if (s.primary !== false) session.set(s);
  });
  useEvent('forwarding:changed', forwarding.set);
  useEvent('metrics:tick', metrics.set);
  useEvent('banners:changed', banners.set);
  useEvent('overall:changed', overall.set);

  const value = useMemo<EngineState>(
    () => ({
      info: info.value,
      session: session.value,
      forwarding: forwarding.value,
      metrics: metrics.value,
      banners: banners.value ?? [],
      overall: overall.value,
      setSession: session.set,
      setForwarding: forwarding.set,
    }),
    [
      info.value,
      session.value,
      session.set,
      forwarding.value,
      forwarding.set,
      metrics.value,
      banners.value,
      overall.value,
    ],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useEngineState(): EngineState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useEngineState outside <EngineStateProvider>');
  return v;
}
