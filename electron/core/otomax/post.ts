import type { Dispatcher } from 'undici';

/** What one POST to OtomaX came back with: the status and the body as text (UTF-8, a leading BOM dropped). */
export interface PostAnswer {
  statusCode: number;
  text: string;
}

/** One POST in flight: `abort` ends it with that reason (before it leaves, it never leaves). */
export interface PostInFlight {
  answer: Promise<PostAnswer>;
  abort(reason: Error): void;
}

/** Where a method's URL goes: its origin and its path (with the query), as undici's dispatch takes them. */
export function splitUrl(url: string): { origin: string; path: string } {
  const u = new URL(url);
  return { origin: u.origin, path: u.pathname + u.search };
}

const HEADERS = { 'content-type': 'application/json' };

/** UTF-8 text of the chunks; a byte-order mark first (a .NET server may send one) is dropped, as undici's text() does. */
function utf8(chunks: Buffer[]): string {
  const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  const bom = all.length > 2 && all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf;
  return all.toString('utf8', bom ? 3 : 0);
}

/**
 * POST `body` as JSON through the dispatcher's own `dispatch`, the body gathered into one string. What undici's
 * `request()` does for the client, without its response stream, its handler object and its signal listener: about
 * a third of the CPU of a call (issue 15). Errors are undici's own (connect, socket, parser), or the reason given to
 * `abort`, exactly as `request()` rejects with them.
 */
export function postJson(dispatcher: Dispatcher, origin: string, path: string, body: Buffer): PostInFlight {
  let controller: Dispatcher.DispatchController | null = null;
  let abortReason: Error | null = null;
  let settled = false;
  let resolveAnswer!: (a: PostAnswer) => void;
  let rejectAnswer!: (e: unknown) => void;
  const answer = new Promise<PostAnswer>((resolve, reject) => {
    resolveAnswer = resolve;
    rejectAnswer = reject;
  });
  const fail = (e: unknown) => {
    if (settled) return;
    settled = true;
    rejectAnswer(e);
  };
  let statusCode = 0;
  const chunks: Buffer[] = [];
  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(c) {
      controller = c;
      // Aborted while waiting for a connection: it never leaves.
      if (abortReason) c.abort(abortReason);
    },
    onResponseStart(_c, code) {
      statusCode = code;
    },
    onResponseData(_c, chunk) {
      chunks.push(chunk);
    },
    onResponseEnd() {
      if (settled) return;
      settled = true;
      resolveAnswer({ statusCode, text: utf8(chunks) });
    },
    onResponseError(_c, err) {
      fail(abortReason ?? err);
    },
  };
  try {
    dispatcher.dispatch({ origin, path, method: 'POST', headers: HEADERS, body }, handler);
  } catch (e) {
    fail(e);
  }
  return {
    answer,
    abort(reason) {
      if (settled || abortReason) return;
      abortReason = reason;
      controller?.abort(reason);
      // Not connected yet: the caller hears now; the request is cut when its connection comes (onConnect).
      fail(reason);
    },
  };
}
