import { useCallback, useEffect, useRef, useState } from 'react';
import type { CommandInput, CommandName, CommandOutput } from '../../../shared/api';
import type { ResultError } from '../../../shared/result';
import { useApi, useConnection } from '../api/ApiContext';

export interface Loaded<T> {
  value: T | null;
  error: ResultError | null;
  loading: boolean;
  reload: () => void;
  set: (value: T) => void;
}

/**
 * Run a read command on mount, again when its input changes and after every reconnect (events missed while
 * the link was down make the old value stale).
 */
export function useLoad<C extends CommandName>(name: C, input: CommandInput<C>, enabled = true): Loaded<CommandOutput<C>> {
  const api = useApi();
  const { epoch } = useConnection();
  const [value, setValue] = useState<CommandOutput<C> | null>(null);
  const [error, setError] = useState<ResultError | null>(null);
  const [loading, setLoading] = useState(enabled);
  const [nonce, setNonce] = useState(0);
  const key = JSON.stringify(input ?? null);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setLoading(true);
    void api.invoke(name, JSON.parse(key) as CommandInput<C>).then((r) => {
      if (!live) return;
      setLoading(false);
      if (r.ok) {
        setValue(r.value);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [api, name, key, epoch, nonce, enabled]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { value, error, loading, reload, set: setValue };
}

export interface Action<C extends CommandName> {
  run: (input: CommandInput<C>) => Promise<CommandOutput<C> | null>;
  busy: boolean;
  error: ResultError | null;
  clear: () => void;
}

/** A command the owner triggers (a button): busy while it runs, its error kept for display. */
export function useAction<C extends CommandName>(name: C): Action<C> {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ResultError | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    async (input: CommandInput<C>) => {
      setBusy(true);
      setError(null);
      const r = await api.invoke(name, input);
      if (!mounted.current) return r.ok ? r.value : null;
      setBusy(false);
      if (r.ok) return r.value;
      setError(r.error);
      return null;
    },
    [api, name],
  );
  const clear = useCallback(() => setError(null), []);
  return { run, busy, error, clear };
}
