import { useCallback, useEffect, useRef, useState } from 'react';
import type { FlowFilter, FlowRow } from '../../../shared/dto';
import type { ResultError } from '../../../shared/result';
import { useApi, useConnection } from '../api/ApiContext';
import { matchesFilter, mergeRows } from '../lib/flow-rows';
import { useEvent } from './useEvent';

const PAGE = 200;

export interface Flow {
  rows: FlowRow[];
  total: number;
  loading: boolean;
  error: ResultError | null;
  hasMore: boolean;
  loadMore: () => void;
  paused: boolean;
  setPaused: (p: boolean) => void;
  /** New rows held back while paused. */
  waiting: number;
}

/**
 * The live flow for one filter: the newest page from log:page, older pages on demand, and message:logged events
 * merged in once per animation frame. Pausing holds new rows back but still updates rows already shown.
 */
export function useFlow(filter: FlowFilter): Flow {
  const api = useApi();
  const { epoch } = useConnection();
  const [rows, setRows] = useState<FlowRow[]>([]);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ResultError | null>(null);
  const [paused, setPausedState] = useState(false);
  const [held, setHeld] = useState<FlowRow[]>([]);
  const queue = useRef<FlowRow[]>([]);
  const frame = useRef<number | null>(null);
  const pausedRef = useRef(false);
  const loadingMore = useRef(false);
  const key = JSON.stringify(filter);

  useEffect(() => {
    let live = true;
    const f = JSON.parse(key) as FlowFilter;
    setLoading(true);
    void api.invoke('log:page', { filter: f, before: null, limit: PAGE }).then((r) => {
      if (!live) return;
      setLoading(false);
      if (!r.ok) return setError(r.error);
      setError(null);
      setRows(r.value.rows);
      setTotal(r.value.total);
      setCursor(r.value.nextCursor);
      setHeld([]);
    });
    return () => {
      live = false;
    };
  }, [api, key, epoch]);

  const flush = useCallback(() => {
    frame.current = null;
    const batch = queue.current;
    queue.current = [];
    if (!batch.length) return;
    if (!pausedRef.current) {
      setRows((prev) => {
        const merged = mergeRows(prev, batch);
        if (merged.added) setTotal((n) => n + merged.added);
        return merged.rows;
      });
      return;
    }
    // Paused: rows on screen change in place, new ones wait.
    setRows((prev) => {
      const shown = new Set(prev.map((r) => r.id));
      const updates = batch.filter((r) => shown.has(r.id));
      const fresh = batch.filter((r) => !shown.has(r.id));
      if (fresh.length) setHeld((h) => mergeRows(h, fresh).rows);
      return updates.length ? mergeRows(prev, updates).rows : prev;
    });
  }, []);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  useEvent('message:logged', (row) => {
    if (!matchesFilter(row, filter)) return;
    queue.current.push(row);
    if (frame.current === null) frame.current = requestAnimationFrame(flush);
  });

  const setPaused = useCallback((p: boolean) => {
    pausedRef.current = p;
    setPausedState(p);
    if (p) return;
    setHeld((h) => {
      if (h.length) {
        setRows((prev) => {
          const merged = mergeRows(prev, [...h].reverse());
          setTotal((n) => n + merged.added);
          return merged.rows;
        });
      }
      return [];
    });
  }, []);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore.current) return;
    loadingMore.current = true;
    void api.invoke('log:page', { filter: JSON.parse(key) as FlowFilter, before: cursor, limit: PAGE }).then((r) => {
      loadingMore.current = false;
      if (!r.ok) return setError(r.error);
      setRows((prev) => {
        const known = new Set(prev.map((x) => x.id));
        return [...prev, ...r.value.rows.filter((x) => !known.has(x.id))];
      });
      setCursor(r.value.nextCursor);
    });
  }, [api, cursor, key]);

  return { rows, total, loading, error, hasMore: cursor !== null, loadMore, paused, setPaused, waiting: held.length };
}
