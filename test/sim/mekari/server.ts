import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyHmac } from './auth';
import { logEntries, type SimBroadcast, type SimSchedule, validateDirect } from './broadcasts';
import {
  DEFAULT_INTEGRATIONS,
  DEFAULT_TEMPLATES,
  integrationOnWire,
  type SimIntegration,
  type SimTemplate,
  templateOnWire,
  WHATSAPP_CHANNELS,
} from './data';
import { readMultipartFile, type SimFile } from './files';
import { broadcastRecord, otherBroadcastLog, otherBroadcastRecord, type SimOtherBroadcast } from './records';

export type { SimBroadcast, SimSchedule } from './broadcasts';
export type { SimOtherBroadcast } from './records';

/** Faults are matched in order, each applies `times` times (default 1); `path` is a substring of the path. */
export type SimFault =
  | { kind: 'status'; status: number; times?: number; path?: string; body?: unknown }
  | { kind: 'rateLimit'; retryAfter?: string; times?: number; path?: string }
  | { kind: 'unauthorized'; times?: number; path?: string }
  | { kind: 'forbidden'; times?: number; path?: string }
  | { kind: 'latency'; ms: number; times?: number; path?: string }
  /** Close the connection without an answer, before anything happened. */
  | { kind: 'drop'; times?: number; path?: string }
  /** Accept the broadcast, then close the connection without an answer (the ambiguous case). */
  | { kind: 'dropAfterAccept'; times?: number; path?: string };

export interface SimRequest {
  method: string;
  url: string;
  status: number;
  date: string | undefined;
  authReason?: string;
}

export interface MekariSimOptions {
  host?: string;
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** The sim's clock, for the Date skew check and the log schedule. */
  now?: () => number;
  /** Most items per page (a smaller ?limit= wins). */
  pageSize?: number;
  integrations?: SimIntegration[];
  templates?: SimTemplate[];
  schedule?: Partial<SimSchedule>;
  /** to_number -> whatsapp_error_message: these broadcasts end 'failed'. */
  failNumbers?: Record<string, string>;
  /** Broadcasts Qontak holds that were not made through this simulator. */
  otherBroadcasts?: SimOtherBroadcast[];
  /** Answer GET /integrations with every channel kind whatever ?target_channel= says (Mekari's example list). */
  ignoreChannelFilter?: boolean;
}

/** Every POST /broadcasts/whatsapp/direct as it arrived (parsed JSON), with the status it got. */
export interface SimDirectBody {
  status: number;
  body: unknown;
  /** The 422 messages when refused. */
  messages: string[];
}

export interface MekariSim {
  /** Base URL to give the client (it adds /qontak/chat/v1). */
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  /** Every direct broadcast accepted, in order. */
  broadcasts: SimBroadcast[];
  requests: SimRequest[];
  /** The exact bodies of every direct broadcast request, accepted or refused, in order. */
  directBodies: SimDirectBody[];
  /** Files taken by the file uploader. */
  files: SimFile[];
  inject(fault: SimFault): void;
  clearFaults(): void;
  setSchedule(schedule: Partial<SimSchedule>): void;
  failNumber(phone: string, message: string): void;
  close(): Promise<void>;
}

const PREFIX = '/qontak/chat/v1';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startMekariSim(opts: MekariSimOptions = {}): Promise<MekariSim> {
  const clientId = opts.clientId ?? 'sim-client';
  const clientSecret = opts.clientSecret ?? 'sim-secret';
  const secrets = new Map([[clientId, clientSecret]]);
  const now = opts.now ?? (() => Date.now());
  const pageSize = opts.pageSize ?? 2;
  const integrations = opts.integrations ?? DEFAULT_INTEGRATIONS;
  const templates = opts.templates ?? DEFAULT_TEMPLATES;
  let schedule: SimSchedule = {
    logAfterMs: 0,
    sentAfterMs: 50,
    deliveredAfterMs: 100,
    readAfterMs: 200,
    ...opts.schedule,
  };
  const failures = new Map(Object.entries(opts.failNumbers ?? {}));
  const faults: (SimFault & { left: number })[] = [];
  const cursors = new Map<string, number>();
  const broadcasts: SimBroadcast[] = [];
  const byId = new Map<string, SimBroadcast>();
  const requests: SimRequest[] = [];
  const directBodies: SimDirectBody[] = [];
  const files: SimFile[] = [];
  const others = opts.otherBroadcasts ?? [];
  let baseUrl = '';

  const takeFault = (path: string, kinds: SimFault['kind'][]) => {
    const f = faults.find((x) => kinds.includes(x.kind) && x.left > 0 && (!x.path || path.includes(x.path)));
    if (f) f.left--;
    return f;
  };

  /**
   * One page as Mekari pages a list. `numericPrev`: the broadcast list's examples give `cursor.prev` as a bare
   * number (a timestamp), not text.
   */
  function page<T>(items: readonly T[], query: URLSearchParams, numericPrev = false) {
    const cursor = query.get('cursor');
    const offset = cursor ? cursors.get(cursor) : Number(query.get('offset') ?? 0);
    if (offset === undefined || !Number.isInteger(offset) || offset < 0) return null;
    const limit = Math.max(1, Math.min(Number(query.get('limit')) || pageSize, pageSize));
    const data = items.slice(offset, offset + limit);
    let next: string | null = null;
    if (offset + limit < items.length) {
      // Opaque on purpose, with characters that must be URL-encoded ('+', '/', '=').
      next = `${randomBytes(9).toString('base64')}+/=`;
      cursors.set(next, offset + limit);
    }
    const prev = numericPrev ? 1728392586972 + offset : null;
    return {
      data,
      meta: {
        pagination: {
          cursor: { next, prev, pit: null },
          offset: offset + 1,
          limit,
          total: items.length,
          target_offset: 0,
        },
      },
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, record: SimRequest): Promise<void> {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, ...messages: string[]) =>
      reply(status, { status: 'error', error: { code: status, messages } });
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname;
    // Uploaded files are public, like Qontak's CDN links: WhatsApp fetches them without signing anything.
    const served = /^\/files\/([^/]+)$/.exec(path);
    if (served && (req.method === 'GET' || req.method === 'HEAD')) {
      const f = files.find((x) => x.name === decodeURIComponent(served[1] as string));
      if (!f) return error(404, 'File not found');
      record.status = 200;
      res.writeHead(200, { 'content-type': f.mime, 'content-length': String(f.data.length) });
      res.end(req.method === 'HEAD' ? undefined : f.data);
      return;
    }
    const latency = takeFault(path, ['latency']);
    if (latency?.kind === 'latency') await new Promise((r) => setTimeout(r, latency.ms));

    const auth = verifyHmac(
      {
        method: req.method ?? '',
        rawTarget: req.url ?? '',
        authorization: req.headers.authorization,
        date: req.headers.date,
        digest: typeof req.headers.digest === 'string' ? req.headers.digest : undefined,
        body,
      },
      secrets,
      now(),
    );
    if (!auth.ok) {
      record.authReason = auth.reason;
      return reply(401, { message: 'Unauthorized' });
    }
    const fault = takeFault(path, ['status', 'rateLimit', 'unauthorized', 'forbidden', 'drop', 'dropAfterAccept']);
    if (fault?.kind === 'status')
      return reply(
        fault.status,
        fault.body ?? { status: 'error', error: { code: fault.status, messages: ['Injected failure'] } },
      );
    if (fault?.kind === 'rateLimit') {
      return reply(
        429,
        { status: 'error', error: { code: 429, messages: ['Too Many Requests'] } },
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      );
    }
    if (fault?.kind === 'unauthorized') return reply(401, { message: 'Unauthorized' });
    if (fault?.kind === 'forbidden') return error(403, 'The client does not have the scope qontak-chat:all');
    if (fault?.kind === 'drop') {
      record.status = 0;
      req.socket.destroy();
      return;
    }

    if (req.method === 'GET' && path === `${PREFIX}/integrations`) {
      const channel = url.searchParams.get('target_channel');
      const listed =
        channel && !opts.ignoreChannelFilter ? integrations.filter((i) => i.target_channel === channel) : integrations;
      const out = page(listed.map(integrationOnWire), url.searchParams);
      return out ? reply(200, { status: 'success', ...out }) : error(422, 'Invalid cursor');
    }
    if (req.method === 'GET' && path === `${PREFIX}/templates/whatsapp`) {
      const out = page(templates.map(templateOnWire), url.searchParams);
      return out ? reply(200, { status: 'success', ...out }) : error(422, 'Invalid cursor');
    }
    if (req.method === 'POST' && path === `${PREFIX}/broadcasts/whatsapp/direct`) {
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return error(400, 'Body is not JSON');
      }
      const whatsapp = integrations.filter((i) => WHATSAPP_CHANNELS.has(i.target_channel)).map((i) => i.id);
      const checked = validateDirect(json, templates, new Set(whatsapp), now());
      directBodies.push({
        status: checked.ok ? 201 : checked.status,
        body: json,
        messages: checked.ok ? [] : checked.messages,
      });
      if (!checked.ok) return error(checked.status, ...checked.messages);
      broadcasts.push(checked.broadcast);
      byId.set(checked.broadcast.id, checked.broadcast);
      if (fault?.kind === 'dropAfterAccept') {
        record.status = 0;
        req.socket.destroy();
        return;
      }
      // The whole broadcast record, as community clients of the direct endpoint read it back.
      return reply(201, { status: 'success', data: recordOf(checked.broadcast) });
    }
    if (req.method === 'POST' && path === `${PREFIX}/file_uploader`) {
      const file = readMultipartFile(req.headers['content-type'], body);
      if (typeof file === 'string') return error(422, file);
      files.push(file);
      return reply(201, {
        status: 'success',
        data: { filename: file.filename, url: `${baseUrl}/files/${encodeURIComponent(file.name)}` },
      });
    }
    if (req.method === 'GET' && path === `${PREFIX}/broadcasts/whatsapp`) {
      // order_by=created_at with order_direction asc or desc (the SDK's parameters); newest first otherwise.
      const asc = url.searchParams.get('order_direction') === 'asc' ? -1 : 1;
      const all = [...broadcasts.map((b) => recordOf(b)), ...others.map(otherBroadcastRecord)].sort((a, b) =>
        a.created_at < b.created_at ? asc : a.created_at > b.created_at ? -asc : 0,
      );
      const out = page(all, url.searchParams, true);
      return out ? reply(200, { status: 'success', ...out }) : error(422, 'Invalid cursor');
    }
    const one = /^\/qontak\/chat\/v1\/broadcasts\/([^/]+)\/whatsapp$/.exec(path);
    if (req.method === 'GET' && one) {
      const id = decodeURIComponent(one[1] as string);
      const b = byId.get(id);
      const o = others.find((x) => x.id === id);
      if (!b && !o) return error(404, 'Broadcast not found');
      return reply(200, { status: 'success', data: b ? recordOf(b) : otherBroadcastRecord(o as SimOtherBroadcast) });
    }
    const log = /^\/qontak\/chat\/v1\/broadcasts\/([^/]+)\/whatsapp\/log$/.exec(path);
    if (req.method === 'GET' && log) {
      const id = decodeURIComponent(log[1] as string);
      const b = byId.get(id);
      const o = others.find((x) => x.id === id);
      if (!b && !o) return error(404, 'Broadcast not found');
      // Paged like every list: a broadcast to a contact list has one entry per person.
      const entries = o ? otherBroadcastLog(o) : b ? logEntries(b, schedule, failures.get(b.to_number), now()) : [];
      const out = page(entries, url.searchParams);
      return out ? reply(200, { status: 'success', ...out }) : error(422, 'Invalid cursor');
    }
    return error(404, 'Not found');
  }

  const recordOf = (b: SimBroadcast) =>
    broadcastRecord(b, templates, logEntries(b, schedule, failures.get(b.to_number), now())[0]?.status ?? 'pending');

  const server = createServer((req, res) => {
    const record: SimRequest = { method: req.method ?? '', url: req.url ?? '', status: 0, date: req.headers.date };
    requests.push(record);
    handle(req, res, record).catch((e: unknown) => {
      record.status = 500;
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', error: { code: 500, messages: [String(e)] } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${opts.host ?? '127.0.0.1'}:${port}`;

  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    clientId,
    clientSecret,
    broadcasts,
    requests,
    directBodies,
    files,
    inject: (fault) => void faults.push({ ...fault, left: fault.times ?? 1 }),
    clearFaults: () => void faults.splice(0),
    setSchedule: (s) => void (schedule = { ...schedule, ...s }),
    failNumber: (phone, message) => void failures.set(phone, message),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
