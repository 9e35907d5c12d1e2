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
export function useLoad<C extends CommandName>(
  name: C,
  input: CommandInput<C>,
  enabled = true,
): Loaded<CommandOutput<C>> {
  const api = useApi();
  const { epoch } = useConnection();
  const [nonce, setNonce] = useState(0);
  // Inputs are compared by value; void commands keep `undefined` (the contract's own shape for them).
  const key = input === undefined ? '' : JSON.stringify(input);
  const request = `${name}|${key}|${epoch}|${nonce}`;
  // `for` names the request the value answers: loading is "the latest request has not answered yet".
  const [state, setState] = useState<{ for: string | null; value: CommandOutput<C> | null; error: ResultError | null }>(
    {
      for: null,
      value: null,
      error: null,
    },
  );

  // Bumped by set(): an event that lands while a load is in flight is newer than the load's answer.
  const pushes = useRef(0);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const pushesAtStart = pushes.current;
    void api.invoke(name, (key === '' ? undefined : JSON.parse(key)) as CommandInput<C>).then((r) => {
      if (!live) return;
      const stale = pushes.current !== pushesAtStart;
      setState((s) => {
        if (!r.ok) return { for: request, value: s.value, error: r.error };
        return { for: request, value: stale ? s.value : r.value, error: null };
      });
    });
    return () => {
      live = false;
    };
  }, [api, name, key, request, enabled]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const set = useCallback((value: CommandOutput<C>) => {
    pushes.current += 1;
    setState((s) => ({ ...s, value }));
  }, []);
  return { value: state.value, error: state.error, loading: enabled && state.for !== request, reload, set };
}

export interface Action<C extends CommandName> {
  run: (input: CommandInput<C>) => Promise<CommandOutput<C> | null>;
  busy: boolean;
  error: ResultError | null;
  clear: () => void;
}

/** Whether the component is still on screen: an answer that comes after it left must not set its state. */
export function useMounted(): { readonly current: boolean } {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}

/** A command the owner triggers (a button): busy while it runs, its error kept for display. */
export function useAction<C extends CommandName>(name: C): Action<C> {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ResultError | null>(null);
  const mounted = useMounted();
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
    [api, name, mounted],
  );
  const clear = useCallback(() => setError(null), []);
  return { run, busy, error, clear };
}
