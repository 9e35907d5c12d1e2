import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionStatus, WaNumber } from '../../../shared/dto';
import { createDispatcher } from '../../../electron/core/api/dispatch';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { createHttpServer } from '../../../electron/core/http/server';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { numbersCommands } from '../../../electron/core/numbers/commands';
import { createNumbersRepo } from '../../../electron/core/numbers/numbers-repo';
import { registerNumbersRoutes } from '../../../electron/core/numbers/rest-routes';
import { createNumbersService, type NumbersService } from '../../../electron/core/numbers/service';
import { tempDir } from '../../helpers/tmp';

const KEY = 'numbers-test-key-0123456789';

let db: Db;
let cleanup: () => void;
let service: NumbersService;
let sessions: Map<string, SessionStatus>;
let started: string[];
let stopped: string[];
let changes: WaNumber[][];
let ids: string[];

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(join(t.dir, 'j.db'));
  ids = ['wa-00000001', 'wa-00000002'];
  sessions = new Map([['default', { sessionId: 'default', state: 'open', since: 1, phone: '6281234567890' }]]);
  started = [];
  stopped = [];
  changes = [];
  service = createNumbersService({
    repo: createNumbersRepo(db, {
      clock: { now: () => 1_000 },
      defaultKodeTerminal: () => 1,
      newId: () => ids.shift() ?? 'wa-ffffffff',
    }),
    log: silentLogger(),
    status: (id) => sessions.get(id) ?? null,
    started: async (id) => {
      started.push(id);
      sessions.set(id, { sessionId: id, state: 'idle', since: 2 });
    },
    stopped: async (id) => {
      stopped.push(id);
      sessions.delete(id);
    },
    changed: (list) => changes.push(list),
  });
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('numbers commands', () => {
  it('list, add, update, remove through the dispatcher, each change announced', async () => {
    const api = createDispatcher(numbersCommands(service), silentLogger());
    expect(await api.invoke('numbers:list', undefined)).toEqual({
      ok: true,
      value: [
        {
          id: 'default',
          name: 'Nomor utama',
          kodeTerminal: null,
          state: 'open',
          phone: '6281234567890',
          primary: true,
          fallbackId: null,
          options: {
            defaultReseller: null,
            forwardIncoming: null,
            forwardOutgoing: null,
            forwardGroups: null,
            forwardMedia: null,
            autoReply: null,
          },
        },
      ],
    });
    const added = await api.invoke('numbers:add', { name: 'Cadangan', kodeTerminal: 2 });
    expect(added).toMatchObject({ ok: true, value: { id: 'wa-00000001', state: 'idle', phone: null, primary: false } });
    expect(started).toEqual(['wa-00000001']);
    expect(changes.at(-1)?.map((n) => n.id)).toEqual(['default', 'wa-00000001']);

    const taken = await api.invoke('numbers:add', { name: 'Lagi', kodeTerminal: 2 });
    expect(taken).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'kode_terminal 2 is already used by wa-00000001',
        field: 'kodeTerminal',
        params: { reason: 'terminal_taken', name: 'Cadangan' },
      },
    });
    const bad = await api.invoke('numbers:add', { name: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'name' } });

    const updated = await api.invoke('numbers:update', { id: 'wa-00000001', name: 'Pusat 2', fallbackId: 'default' });
    expect(updated).toMatchObject({ ok: true, value: { name: 'Pusat 2', fallbackId: 'default' } });
    expect(changes.at(-1)?.[1]?.name).toBe('Pusat 2');

    expect(await api.invoke('numbers:remove', { id: 'default' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', params: { reason: 'primary_remove' } },
    });
    expect(stopped).toEqual([]);
    expect(await api.invoke('numbers:remove', { id: 'wa-00000001' })).toEqual({ ok: true, value: { removed: true } });
    expect(stopped).toEqual(['wa-00000001']);
    expect(changes.at(-1)?.map((n) => n.id)).toEqual(['default']);
    expect(await api.invoke('numbers:remove', { id: 'wa-00000001' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('a session that fails to start or stop leaves the list right', async () => {
    const failing = createNumbersService({
      repo: createNumbersRepo(db, {
        clock: { now: () => 1 },
        defaultKodeTerminal: () => 1,
        newId: () => 'wa-0000000f',
      }),
      log: silentLogger(),
      status: () => null,
      started: async () => {
        throw new Error('socket refused');
      },
      stopped: async () => {
        throw new Error('logout timed out');
      },
      changed: () => undefined,
    });
    expect((await failing.add({ name: 'X', kodeTerminal: 9 })).id).toBe('wa-0000000f');
    expect(failing.list().map((n) => [n.id, n.state])).toEqual([
      ['default', 'idle'],
      ['wa-0000000f', 'idle'],
    ]);
    await expect(failing.remove({ id: 'wa-0000000f' })).resolves.toEqual({ removed: true });
    expect(failing.list().map((n) => n.id)).toEqual(['default']);
  });
});

describe('numbers over REST', () => {
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

  async function call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, key = KEY) {
    const r = await request(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.statusCode, json: (await r.body.json()) as { code: number; message: string; results: unknown } };
  }

  it('GET lists, POST adds and answers the id, DELETE removes', async () => {
    expect(await call('GET', '/whatsapp/numbers')).toEqual({
      status: 200,
      json: {
        code: 200,
        message: 'Success',
        results: [
          {
            id: 'default',
            name: 'Nomor utama',
            kode_terminal: null,
            state: 'open',
            phone: '6281234567890',
            primary: true,
            fallback_id: null,
            default_reseller: null,
            forward_incoming: null,
            forward_outgoing: null,
            forward_groups: null,
            forward_media: null,
            auto_reply: null,
          },
        ],
      },
    });
    const added = await call('POST', '/whatsapp/numbers', { name: 'H2H', kode_terminal: '5' });
    expect(added).toMatchObject({ status: 200, json: { results: { id: 'wa-00000001' } } });
    const list = await call('GET', '/whatsapp/numbers');
    expect((list.json.results as { id: string; kode_terminal: number }[]).map((n) => [n.id, n.kode_terminal])).toEqual([
      ['default', null],
      ['wa-00000001', 5],
    ]);
    expect(await call('DELETE', '/whatsapp/numbers/wa-00000001')).toMatchObject({
      status: 200,
      json: { results: { id: 'wa-00000001', removed: true } },
    });
    expect(stopped).toEqual(['wa-00000001']);
  });

  it('answers refusals with their status and field', async () => {
    expect(await call('POST', '/whatsapp/numbers', { kode_terminal: 3 })).toMatchObject({
      status: 400,
      json: { results: { field: 'name' } },
    });
    expect(await call('POST', '/whatsapp/numbers', { name: 'Satu', kode_terminal: 1 })).toMatchObject({
      status: 409,
      json: { results: { error: 'CONFLICT', field: 'kode_terminal' } },
    });
    expect(await call('DELETE', '/whatsapp/numbers/default')).toMatchObject({
      status: 409,
      json: { results: { error: 'CONFLICT' } },
    });
    expect(await call('DELETE', '/whatsapp/numbers/wa-12345678')).toMatchObject({ status: 404 });
    expect(await call('DELETE', '/whatsapp/numbers/Bad%20Id')).toMatchObject({
      status: 400,
      json: { results: { field: 'id' } },
    });
    expect((await call('GET', '/whatsapp/numbers', undefined, 'wrong-key')).status).toBe(401);
  });
});
