import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { FlowFilter, FlowRow } from '../../../shared/dto';
import type { ResultError } from '../../../shared/result';
import { useApi, useConnection } from '../api/ApiContext';
import { matchesFilter, mergeRows } from '../lib/flow-rows';
import { createFrameThrottle, type FrameThrottle } from '../lib/frame-throttle';
import { useEvent } from './useEvent';

const PAGE = 200;
/**
 * While messages keep coming, the rows change at most this often. A batch redraws at most the rows in view, so at
 * 200 messages a second one redraw per animation frame (60 a second) did the same work as one per 100 ms, six times
 * over: the window's main thread was busy most of the time and, with the engine on the same two cores, its frames
 * grew past 50 ms. A message after a quiet spell still shows at the next frame.
 */
export const FLOW_REDRAW_MS = 100;

export interface Flow {
  rows: FlowRow[];
  total: number;
  /** The engine stopped counting: there are more than `total` messages. */
  totalIsLowerBound: boolean;
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
 * merged in at the next animation frame, at most once per FLOW_REDRAW_MS. Pausing holds new rows back but still
 * updates rows already shown.
 */
interface State {
  /** The request the rows answer (filter + reconnect epoch). */
  for: string | null;
  error: ResultError | null;
  rows: FlowRow[];
  total: number;
  totalIsLowerBound: boolean;
  cursor: string | null;
  held: FlowRow[];
}

type Action =
  | { t: 'loaded'; for: string; rows: FlowRow[]; total: number; totalIsLowerBound: boolean; cursor: string | null }
  | { t: 'failed'; for: string | null; error: ResultError }
  | { t: 'more'; rows: FlowRow[]; cursor: string | null }
  | { t: 'events'; batch: FlowRow[]; paused: boolean }
  | { t: 'resume' };

function reduce(s: State, a: Action): State {
  switch (a.t) {
    case 'loaded':
      return {
        for: a.for,
        error: null,
        rows: a.rows,
        total: a.total,
        totalIsLowerBound: a.totalIsLowerBound,
        cursor: a.cursor,
        held: [],
      };
    case 'failed':
      return { ...s, for: a.for ?? s.for, error: a.error };
    case 'more': {
      const known = new Set(s.rows.map((x) => x.id));
      return { ...s, rows: [...s.rows, ...a.rows.filter((x) => !known.has(x.id))], cursor: a.cursor };
    }
    case 'events': {
      if (!a.paused) {
        const m = mergeRows(s.rows, a.batch);
        return { ...s, rows: m.rows, total: s.total + m.added };
      }
      // Paused: rows on screen change in place, new ones wait.
      const shown = new Set(s.rows.map((r) => r.id));
      const updates = a.batch.filter((r) => shown.has(r.id));
      const fresh = a.batch.filter((r) => !shown.has(r.id));
      return {
        ...s,
        rows: updates.length ? mergeRows(s.rows, updates).rows : s.rows,
        held: fresh.length ? mergeRows(s.held, fresh).rows : s.held,
      };
    }
    case 'resume': {
      if (!s.held.length) return s;
      const m = mergeRows(s.rows, [...s.held].reverse());
      return { ...s, rows: m.rows, total: s.total + m.added, held: [] };
    }
  }
}

const EMPTY: State = {
  for: null,
  error: null,
  rows: [],
  total: 0,
  totalIsLowerBound: false,
  cursor: null,
  held: [],
};

export function useFlow(filter: FlowFilter): Flow {
  const api = useApi();
  const { epoch } = useConnection();
  const [state, dispatch] = useReducer(reduce, EMPTY);
  const [paused, setPausedState] = useState(false);
  const queue = useRef<FlowRow[]>([]);
  const merges = useRef<FrameThrottle | null>(null);
  const pausedRef = useRef(false);
  const loadingMore = useRef(false);
  const key = JSON.stringify(filter);
  const request = `${key}|${epoch}`;

  useEffect(() => {
    let live = true;
    void api.invoke('log:page', { filter: JSON.parse(key) as FlowFilter, before: null, limit: PAGE }).then((r) => {
      if (!live) return;
      if (r.ok)
        dispatch({
          t: 'loaded',
          for: request,
          rows: r.value.rows,
          total: r.value.total,
          totalIsLowerBound: r.value.totalIsLowerBound === true,
          cursor: r.value.nextCursor,
        });
      else dispatch({ t: 'failed', for: request, error: r.error });
    });
    return () => {
      live = false;
    };
  }, [api, key, request]);

  useEffect(() => () => merges.current?.cancel(), []);

  useEvent('message:logged', (row) => {
    if (!matchesFilter(row, filter)) return;
    queue.current.push(row);
    merges.current ??= createFrameThrottle(() => {
      const batch = queue.current;
      queue.current = [];
      if (batch.length) dispatch({ t: 'events', batch, paused: pausedRef.current });
    }, FLOW_REDRAW_MS);
    merges.current.schedule();
  });

  const setPaused = useCallback((p: boolean) => {
    pausedRef.current = p;
    setPausedState(p);
    if (!p) dispatch({ t: 'resume' });
  }, []);

  const { cursor } = state;
  const loadMore = useCallback(() => {
    if (!cursor || loadingMore.current) return;
    loadingMore.current = true;
    void api.invoke('log:page', { filter: JSON.parse(key) as FlowFilter, before: cursor, limit: PAGE }).then((r) => {
      loadingMore.current = false;
      if (r.ok) dispatch({ t: 'more', rows: r.value.rows, cursor: r.value.nextCursor });
      else dispatch({ t: 'failed', for: null, error: r.error });
    });
  }, [api, cursor, key]);

  return {
    rows: state.rows,
    total: state.total,
    totalIsLowerBound: state.totalIsLowerBound,
    loading: state.for !== request,
    error: state.error,
    hasMore: cursor !== null,
    loadMore,
    paused,
    setPaused,
    waiting: state.held.length,
  };
}
