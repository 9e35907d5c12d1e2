import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../../shared/dto';
import { createDispatcher } from '../../../electron/core/api/dispatch';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { createHttpServer } from '../../../electron/core/http/server';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { numbersCommands } from '../../../electron/core/numbers/commands';
import { createNumbersRepo, type NumbersRepo } from '../../../electron/core/numbers/numbers-repo';
import { registerNumbersRoutes } from '../../../electron/core/numbers/rest-routes';
import { createNumbersService, type NumbersService } from '../../../electron/core/numbers/service';
import { tempDir } from '../../helpers/tmp';

/** Issue 17: a number's own options (default reseller, forward in/out/groups/media, auto-reply) can be set. */
const KEY = 'number-options-key-0123456789';

let db: Db;
let path: string;
let cleanup: () => void;
let repo: NumbersRepo;
let service: NumbersService;

function open(): void {
  db = openDatabase(path);
  repo = createNumbersRepo(db, {
    clock: { now: () => 1_000 },
    defaultKodeTerminal: () => 1,
    newId: () => 'wa-00000001',
  });
  const sessions = new Map<string, SessionStatus>([['default', { sessionId: 'default', state: 'open', since: 1 }]]);
  service = createNumbersService({
    repo,
    log: silentLogger(),
    status: (id) => sessions.get(id) ?? null,
    started: async () => {},
    stopped: async () => {},
    changed: () => {},
  });
}

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  path = join(t.dir, 'j.db');
  open();
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('numbers:update sets a number its own options', () => {
  it('stores each option, keeps the ones not given, null goes back to the global, and survives a reopen', async () => {
    const api = createDispatcher(numbersCommands(service), silentLogger());
    const first = await api.invoke('numbers:update', {
      id: 'default',
      defaultReseller: ' R0001 ',
      forwardGroups: false,
      autoReply: true,
    });
    expect(first).toMatchObject({
      ok: true,
      value: {
        options: {
          defaultReseller: 'R0001',
          forwardIncoming: null,
          forwardOutgoing: null,
          forwardGroups: false,
          forwardMedia: null,
          autoReply: true,
        },
      },
    });
    // Only the fields given change: the reseller and groups stay, auto-reply back to the global, media set.
    const second = await api.invoke('numbers:update', { id: 'default', autoReply: null, forwardMedia: true });
    expect(second).toMatchObject({
      ok: true,
      value: { options: { defaultReseller: 'R0001', forwardGroups: false, autoReply: null, forwardMedia: true } },
    });
    // An empty reseller is "none of its own".
    await api.invoke('numbers:update', { id: 'default', defaultReseller: '   ' });
    db.close();
    open();
    expect(repo.get('default')?.options).toEqual({
      defaultReseller: null,
      forwardIncoming: null,
      forwardOutgoing: null,
      forwardGroups: false,
      forwardMedia: true,
      autoReply: null,
    });
  });

  it('refuses a wrong value by its field and changes nothing', async () => {
    const api = createDispatcher(numbersCommands(service), silentLogger());
    const r = await api.invoke('numbers:update', { id: 'default', forwardGroups: 'no' } as never);
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'forwardGroups' } });
    const long = await api.invoke('numbers:update', { id: 'default', defaultReseller: 'R'.repeat(51) });
    expect(long).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'defaultReseller' } });
    expect(repo.get('default')?.options.forwardGroups).toBeNull();
    expect(repo.get('default')?.options.defaultReseller).toBeNull();
  });
});

describe('PATCH /whatsapp/numbers/:id', () => {
  let app: FastifyInstance;
  let url: string;
  beforeEach(async () => {
    app = createHttpServer({ log: silentLogger(), apiKey: async () => KEY });
    registerNumbersRoutes(app, service);
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await app.close();
  });

  async function patch(id: string, body: unknown, key = KEY) {
    const r = await request(`${url}/whatsapp/numbers/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: r.statusCode, json: (await r.body.json()) as { code: number; message: string; results: unknown } };
  }

  it('sets the options in snake_case and answers the number as GET lists it', async () => {
    const r = await patch('default', { default_reseller: 'R0002', forward_groups: false, forward_incoming: true });
    expect(r).toEqual({
      status: 200,
      json: {
        code: 200,
        message: 'Success',
        results: {
          id: 'default',
          name: 'Nomor utama',
          kode_terminal: null,
          state: 'open',
          phone: null,
          primary: true,
          fallback_id: null,
          default_reseller: 'R0002',
          forward_incoming: true,
          forward_outgoing: null,
          forward_groups: false,
          forward_media: null,
          auto_reply: null,
        },
      },
    });
    const back = await patch('default', { forward_groups: null, name: 'Pusat', kode_terminal: '7' });
    expect(back).toMatchObject({
      status: 200,
      json: { results: { name: 'Pusat', kode_terminal: 7, forward_groups: null, default_reseller: 'R0002' } },
    });
    const list = await request(`${url}/whatsapp/numbers`, { headers: { authorization: `Bearer ${KEY}` } });
    const listed = ((await list.body.json()) as { results: { forward_incoming: boolean | null }[] }).results;
    expect(listed[0]?.forward_incoming).toBe(true);
  });

  it('answers 400 with a JSON reason naming the field, and changes nothing', async () => {
    expect(await patch('default', { forward_groups: 'no' })).toMatchObject({
      status: 400,
      json: { code: 400, results: { field: 'forward_groups' } },
    });
    expect(await patch('default', { forwardGroups: false })).toMatchObject({ status: 400 });
    const empty = await patch('default', {});
    expect(empty.status).toBe(400);
    expect(typeof empty.json.message).toBe('string');
    expect(empty.json.message.length).toBeGreaterThan(0);
    expect(await patch('default', { default_reseller: 'R'.repeat(51) })).toMatchObject({
      status: 400,
      json: { results: { field: 'default_reseller' } },
    });
    // A refusal from the rule keeps the REST field name.
    expect(await patch('default', { fallback_id: 'default' })).toMatchObject({
      status: 400,
      json: { message: 'a number cannot be its own fallback', results: { error: 'VALIDATION', field: 'fallback_id' } },
    });
    expect(await patch('wa-12345678', { auto_reply: false })).toMatchObject({ status: 404 });
    expect((await patch('default', { auto_reply: false }, 'wrong-key')).status).toBe(401);
    expect(repo.get('default')?.options).toMatchObject({ forwardGroups: null, defaultReseller: null, autoReply: null });
  });
});
