import WebSocket, { type RawData } from 'ws';
import { errorMessage, isAppError } from '../kernel/errors';
import { issueOf } from '../kernel/input';
import type { Logger } from '../kernel/logger';
import { simIncomingSchema, type SimSessions } from './dev-routes';

/** Reconnect delays after the feed drops, ms; the last one repeats until the feed is back or the feed is stopped. */
export const SIM_FEED_BACKOFF_MS = [100, 200, 500, 1_000, 2_000];
/** A frame larger than this closes the socket (1009) and the feed reconnects: 256 messages of the longest text. */
const MAX_FRAME_BYTES = 16 * 2 ** 20;
/** A connection open this long counts as back: the next drop starts the delays from the first again. */
export const STABLE_MS = 5_000;
/** How long stop() waits for the server to answer the close before it cuts the socket. */
const CLOSE_WAIT_MS = 1_000;

export interface SimFeedDeps {
  /** The feed's address (ws:// or wss://); `number=<id>` is added to its query so the server knows who connected. */
  url: string;
  /** The number this socket belongs to: a message without `number` arrives on it. */
  number: string;
  sims: SimSessions;
  log: Logger;
  backoffMs?: number[];
}

export interface SimFeed {
  /** Closes the socket and stops reconnecting; resolves once it is closed. */
  stop(): Promise<void>;
}

/** What the feed answers a frame it could not take: one per bad message (`index` in a batch frame). */
export interface SimFeedError {
  error: { code: string; message: string; field?: string; index?: number; id?: string };
}

/**
 * The simulated session's messages pushed over one long-lived WebSocket, as WhatsApp's server pushes them to the
 * socket Baileys holds: no answer per message. Only with --whatsapp=simulated and --whatsapp-sim-feed; the dev route
 * POST /dev/whatsapp/incoming stays. Each text frame is JSON: one message or an array of them (like Baileys'
 * messages.upsert batches), each in the dev route's shape (simIncomingSchema), `number` picking the number (absent:
 * this socket's number). Every message of a frame is handed to its session in the same loop turn, so one frame's
 * messages share one group commit. A bad message is answered on the socket with an error frame and logged; the
 * others of its frame are still delivered. The socket reconnects after a drop (SIM_FEED_BACKOFF_MS, at most 2 s
 * between tries) until stop().
 */
export function startSimFeed(deps: SimFeedDeps): SimFeed {
  const log = deps.log.child({ scope: 'whatsapp-sim-feed', number: deps.number });
  const backoff = deps.backoffMs ?? SIM_FEED_BACKOFF_MS;
  const url = new URL(deps.url);
  url.searchParams.set('number', deps.number);
  let socket: WebSocket | null = null;
  let stopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed: Promise<void> = Promise.resolve();

  const answer = (ws: WebSocket, e: SimFeedError['error']) => {
    log.warn({ code: e.code, field: e.field, index: e.index, id: e.id }, `feed message refused: ${e.message}`);
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ error: e } satisfies SimFeedError));
  };

  const deliverOne = (ws: WebSocket, item: unknown, index: number | undefined) => {
    const at = index === undefined ? {} : { index };
    const parsed = simIncomingSchema.safeParse(item);
    if (!parsed.success) {
      const raw = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
      const { field, message } = issueOf(parsed.error, 'message');
      answer(ws, { code: 'VALIDATION', message, field, ...at, ...(typeof raw === 'string' ? { id: raw } : {}) });
      return;
    }
    const { number, ...body } = parsed.data;
    const id = body.id === undefined ? {} : { id: body.id };
    const sim = deps.sims.get(number ?? deps.number);
    if (!sim) {
      answer(ws, {
        code: 'NOT_FOUND',
        message: `no live number ${number ?? deps.number}`,
        field: 'number',
        ...at,
        ...id,
      });
      return;
    }
    try {
      sim.deliver(body);
    } catch (e) {
      const code = isAppError(e) ? e.code : 'INTERNAL';
      const field = isAppError(e) && e.field ? { field: e.field } : {};
      answer(ws, { code, message: errorMessage(e), ...field, ...at, ...id });
    }
  };

  const onFrame = (ws: WebSocket, data: RawData, isBinary: boolean) => {
    if (isBinary) {
      answer(ws, { code: 'VALIDATION', message: 'expected a text frame of JSON' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(data.toString());
    } catch {
      answer(ws, { code: 'VALIDATION', message: 'the frame is not JSON' });
      return;
    }
    if (Array.isArray(body)) body.forEach((item, i) => deliverOne(ws, item, i));
    else deliverOne(ws, body, undefined);
  };

  const connect = () => {
    timer = null;
    if (stopped) return;
    const ws = new WebSocket(url, { maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
    socket = ws;
    closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    let openedAt: number | null = null;
    ws.on('open', () => {
      openedAt = Date.now();
      if (attempt > 0) log.info({ attempts: attempt }, 'feed connected again');
      else log.info('feed connected');
    });
    ws.on('message', (data, isBinary) => onFrame(ws, data, isBinary));
    // An error (refused, reset, a frame over the limit) is followed by 'close', which schedules the next try.
    ws.on('error', (e) => log.debug({ err: e }, 'feed socket error'));
    ws.on('close', (code) => {
      if (socket === ws) socket = null;
      if (stopped) return;
      // The delays start again only after a connection that held (STABLE_MS): a feed that takes the connection and
      // drops it at once is dialled at the slowest pace, not every 100 ms.
      if (openedAt !== null && Date.now() - openedAt >= STABLE_MS) attempt = 0;
      const delay = backoff[Math.min(attempt, backoff.length - 1)] ?? 1_000;
      if (attempt === 0) log.warn({ code, retryInMs: delay }, 'feed dropped: connecting again');
      attempt += 1;
      timer = setTimeout(connect, delay);
    });
  };

  connect();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const ws = socket;
      if (!ws) return;
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000, 'stopped');
      const cut = setTimeout(() => ws.terminate(), CLOSE_WAIT_MS);
      await closed;
      clearTimeout(cut);
    },
  };
}
