import type { Dispatcher } from 'undici';
import { z } from 'zod';
import type { QontakBroadcastRecord, QontakIntegration, QontakTemplate } from '../../../shared/dto';
import type { Clock } from '../kernel/clock';
import { AppError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { callQontak, type RequestDeps } from './request';
import { broadcastRecord, broadcastRecordWire, multipartFile, uploadedWire } from './records';
import { integrationDto } from './integration-shape';
import { templateDto } from './template-shape';
import {
  type BroadcastLogEntry,
  directCreatedWire,
  type DirectBroadcastBody,
  integrationWire,
  logEntryWire,
  successEnvelope,
  templateWire,
} from './wire';

export const DEFAULT_QONTAK_URL = 'https://api.mekari.com';

export interface QontakClientOptions {
  /** Host of the Mekari API; the client adds /qontak/chat/v1/... */
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
  dispatcher?: Dispatcher;
  /** Per attempt, for the headers and for the body. */
  timeoutMs?: number;
  pageSize?: number;
  rateLimitRetries?: number;
  maxRetryAfterMs?: number;
}

/** `signal` ends a wait between retries at once (see CallSpec.signal). */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface QontakClient {
  listIntegrations(targetChannel?: string): Promise<QontakIntegration[]>;
  listTemplates(): Promise<QontakTemplate[]>;
  sendDirectBroadcast(body: DirectBroadcastBody, options?: CallOptions): Promise<{ id: string }>;
  getBroadcastLog(broadcastId: string, options?: CallOptions): Promise<BroadcastLogEntry[]>;
  /** Qontak's file uploader: the file's public URL, for a media header. */
  uploadFile(file: { filename: string; mime: string; data: Buffer }): Promise<{ url: string; filename: string }>;
  /** One page of the broadcasts Qontak holds for the account (from anywhere), and the cursor of the next. */
  listBroadcasts(cursor?: string | null): Promise<{ items: QontakBroadcastRecord[]; next: string | null }>;
  getBroadcast(broadcastId: string): Promise<QontakBroadcastRecord>;
}

/** A guard against a server that never ends its cursor chain. */
const MAX_PAGES = 200;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createQontakClient(options: QontakClientOptions): QontakClient {
  if (!options.clientId || !options.clientSecret) {
    throw new AppError('QONTAK_NOT_CONFIGURED', 'Qontak is not configured: set the client id and client secret');
  }
  const deps: RequestDeps = {
    baseUrl: options.baseUrl ?? DEFAULT_QONTAK_URL,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    clock: options.clock,
    log: options.log,
    sleep: options.sleep ?? realSleep,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    timeoutMs: options.timeoutMs ?? 15_000,
    serverRetries: 2,
    rateLimitRetries: options.rateLimitRetries ?? 3,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
  };
  const pageSize = options.pageSize ?? 50;

  /**
   * Page by meta.pagination.cursor.next until it is null; cursors are opaque and sent back as given. `limit: false`
   * asks the first page exactly as before (no query), for the delivery log a campaign polls.
   */
  async function allPages<T extends z.ZodType>(
    path: string,
    query: Record<string, string>,
    item: T,
    options: { limit?: boolean; signal?: AbortSignal } = {},
  ) {
    const schema = successEnvelope(z.array(item));
    const out: z.infer<T>[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const q: Record<string, string> = { ...query, ...(options.limit === false ? {} : { limit: String(pageSize) }) };
      if (cursor !== null) {
        q.cursor = cursor;
        q.cursor_direction = 'after';
      }
      const res = await callQontak(deps, {
        method: 'GET',
        path,
        query: q,
        schema,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      out.push(...(res.data as z.infer<T>[]));
      const next = res.meta?.pagination?.cursor?.next;
      if (!next) return out;
      if (seen.has(next)) throw new AppError('QONTAK_UPSTREAM', `Qontak repeated a page cursor on ${path}`);
      seen.add(next);
      cursor = next;
    }
    throw new AppError('QONTAK_UPSTREAM', `Qontak returned more than ${MAX_PAGES} pages on ${path}`);
  }

  return {
    async listIntegrations(targetChannel = 'wa') {
      const rows = await allPages('/integrations', { target_channel: targetChannel }, integrationWire);
      // The list holds every channel kind when the filter is not applied (Mekari's own example mixes web_chat,
      // google_my_business and WhatsApp): only the asked-for kind may be offered as a WhatsApp channel.
      return rows.filter((r) => r.target_channel === targetChannel).map(integrationDto);
    },
    async listTemplates() {
      const rows = await allPages('/templates/whatsapp', {}, templateWire);
      return rows.map(templateDto);
    },
    async sendDirectBroadcast(body, callOptions = {}) {
      const res = await callQontak(deps, {
        method: 'POST',
        path: '/broadcasts/whatsapp/direct',
        body,
        schema: directCreatedWire,
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
      });
      return { id: res };
    },
    async getBroadcastLog(broadcastId, callOptions = {}) {
      // A broadcast to a contact list has one entry per person and the log is paged like every list (its meta
      // carries the same cursor): follow cursor.next, so the owner sees every recipient, not the first page.
      const rows = await allPages(`/broadcasts/${encodeURIComponent(broadcastId)}/whatsapp/log`, {}, logEntryWire, {
        limit: false,
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
      });
      return rows.map((e) => ({
        phone: e.contact_phone_number == null ? '' : String(e.contact_phone_number),
        name: e.contact_full_name ?? '',
        status: e.status.toLowerCase(),
        whatsappMessageId: e.whatsapp_message_id,
        errorMessage: e.whatsapp_error_message,
        createdAt: e.created_at ?? null,
      }));
    },
    async uploadFile(file) {
      const form = multipartFile(file);
      const res = await callQontak(deps, {
        method: 'POST',
        path: '/file_uploader',
        rawBody: form,
        schema: successEnvelope(uploadedWire),
      });
      return { url: res.data.url, filename: res.data.filename || file.filename };
    },
    async listBroadcasts(cursor = null) {
      // Newest first, asked for explicitly (order_by/order_direction in Mekari's SDK): the default is not documented.
      const query: Record<string, string> = {
        limit: String(pageSize),
        order_by: 'created_at',
        order_direction: 'desc',
      };
      if (cursor) {
        query.cursor = cursor;
        query.cursor_direction = 'after';
      }
      const res = await callQontak(deps, {
        method: 'GET',
        path: '/broadcasts/whatsapp',
        query,
        schema: successEnvelope(z.array(broadcastRecordWire)),
      });
      return { items: res.data.map(broadcastRecord), next: res.meta?.pagination?.cursor?.next ?? null };
    },
    async getBroadcast(broadcastId) {
      const res = await callQontak(deps, {
        method: 'GET',
        path: `/broadcasts/${encodeURIComponent(broadcastId)}/whatsapp`,
        schema: successEnvelope(broadcastRecordWire),
      });
      return broadcastRecord(res.data);
    },
  };
}

/**
 * WhatsApp channels of both kinds: classic ('wa') and Cloud API ('wa_cloud'). An account without Cloud API
 * channels may refuse the second query; that is not an error for the caller.
 */
export async function listWhatsAppIntegrations(client: QontakClient): Promise<QontakIntegration[]> {
  const classic = await client.listIntegrations('wa');
  let cloud: QontakIntegration[] = [];
  try {
    cloud = await client.listIntegrations('wa_cloud');
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'QONTAK_INVALID')) throw e;
  }
  const seen = new Set(classic.map((i) => i.id));
  return [...classic, ...cloud.filter((i) => !seen.has(i.id))];
}
