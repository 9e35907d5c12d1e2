import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseOutboxPayload } from '../../../electron/core/otomax/callback-payload';
import { formatOtomaxExp } from '../../../electron/core/otomax/exp';
import { verifyOtomaxToken } from '../../../electron/core/otomax/token';
import { parseFaultSpec } from '../../sim/otomax/faults';
import { startOtomaxSim, type OtomaxSim } from '../../sim/otomax/sim';
import { simClient } from './helpers';
import { SPEC_CREDS } from './vectors';

const APPS = { [SPEC_CREDS.appId]: { appKey: SPEC_CREDS.appKey, devKey: SPEC_CREDS.devKey } };

let sim: OtomaxSim;
beforeEach(async () => {
  sim = await startOtomaxSim({ apps: APPS });
});
afterEach(async () => {
  await sim.close();
});

/** A callback receiver that fails the first `failFirst` POSTs with 500. */
async function receiver(failFirst = 0) {
  const bodies: { body: string; url: string; token: string | null }[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      n += 1;
      const token = typeof req.headers.token === 'string' ? req.headers.token : null;
      bodies.push({ body: Buffer.concat(chunks).toString('utf8'), url: req.url ?? '', token });
      res.writeHead(n <= failFirst ? 500 : 200).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/otomax/callback/s3cr3t`;
  return { url, bodies, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('sim InsertInbox rules and the outbox callback', () => {
  it('answers 21 / 41 / 42 / 49 / 44 / 43 / 46 / 22 by the rules', async () => {
    sim.addReseller({ kode: 'R0002', phone: '081111111111', saldo: 1_000, pin: '9999' });
    const c = simClient(sim);
    const send = (pesan: string, pengirim = '6281234567890') =>
      c.insertInbox({
        pesan,
        pengirim,
        kode_reseller: '',
        kode_terminal: 1,
        _exp: formatOtomaxExp(Date.now() + 30_000),
      });
    expect(await send('SAL.1234')).toMatchObject({
      status: 21,
      statusDesc: 'Sukses Masuk Outbox',
      pesan: 'Saldo R0001 (Toko Satu): Rp 100.000',
    });
    expect(await send('saldo')).toMatchObject({ status: 21 });
    expect(await send('SAL.1234', '6289999999999')).toMatchObject({
      status: 41,
      statusDesc: 'Bukan Reseller',
      pesan: '',
    });
    expect(await send('halo apa kabar')).toMatchObject({ status: 42, statusDesc: 'Format Salah' });
    expect(await send('S10.081298765432.0000')).toMatchObject({ status: 49, statusDesc: 'Pin Salah' });
    expect(await send('ZZ9.081298765432.1234')).toMatchObject({ status: 44, statusDesc: 'Produk Salah' });
    expect(await send('S10.081298765432.9999', '6281111111111')).toMatchObject({
      status: 43,
      statusDesc: 'Saldo Tidak Cukup',
    });
    expect(await send('S10.081298765432.1234')).toMatchObject({ status: 22, statusDesc: 'Sukses Masuk Transaksi' });
    expect(await send('S10.081298765432.1234')).toMatchObject({ status: 46, statusDesc: 'Transaksi Dobel' });
    expect(sim.resellers.get('R0001')!.saldo).toBe(100_000 - 10_500);
    expect(sim.inbox.map((i) => i.status)).toEqual([21, 21, 41, 42, 49, 44, 43, 22, 46]);
    await c.close();
  });

  it('a transaction result is POSTed to the callback (outbox shape), retried until 2xx; UpdateStatusOutbox records', async () => {
    const rx = await receiver(2);
    const c = simClient(sim);
    await c.setOutboxCallback(rx.url);
    const r = await c.insertInbox({
      pesan: 'S5.081298765432.1234',
      pengirim: '6281234567890',
      kode_reseller: '',
      kode_terminal: 1,
      _exp: formatOtomaxExp(Date.now() + 30_000),
    });
    expect(r.status).toBe(22);
    await sim.waitFor(() => sim.callbackDeliveries.some((d) => d.ok));
    expect(sim.callbackDeliveries.map((d) => [d.attempt, d.httpStatus, d.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    const row = sim.outbox[0]!;
    expect(row).toMatchObject({
      acked: true,
      tries: 3,
      kode_inbox: r.kode_inbox,
      penerima: '6281234567890',
      kode_reseller: 'R0001',
    });
    const payload = JSON.parse(rx.bodies[2]!.body) as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual([
      'kode',
      'penerima',
      'tipe_penerima',
      'pesan',
      'kode_inbox',
      'kode_transaksi',
      'kode_reseller',
      'kode_terminal',
      'tgl_entri',
      'status',
    ]);
    expect(parseOutboxPayload(payload)).toMatchObject({
      kode: String(row.kode),
      recipient: '6281234567890',
      kodeInbox: r.kode_inbox,
    });
    expect(payload.pesan).toMatch(/^R#\d+ S5\.081298765432 SUKSES\. SN:\d+\. Saldo Rp 94\.500$/);
    await c.updateStatusOutbox(String(row.kode), 20);
    expect(sim.statusUpdates).toEqual([expect.objectContaining({ kode: String(row.kode), status: 20 })]);
    expect(row.status).toBe(20);
    await expect(c.updateStatusOutbox('424242', 20)).rejects.toMatchObject({ klass: 'rejected' });
    await c.close();
    await rx.close();
  });

  it('seed shape with numbers as strings and a signed header; 21 replies go through the outbox too', async () => {
    const rx = await receiver();
    sim.configure({ callback: { shape: 'seed', numbersAsStrings: true, token: 'header' } });
    const c = simClient(sim);
    await c.setOutboxCallback(rx.url);
    const r = await c.insertInbox({
      pesan: 'SAL.1234',
      pengirim: '6281234567890',
      kode_reseller: '',
      kode_terminal: 1,
      _exp: formatOtomaxExp(Date.now() + 30_000),
    });
    await sim.waitFor(() => rx.bodies.length === 1);
    const got = rx.bodies[0]!;
    const payload = JSON.parse(got.body) as Record<string, unknown>;
    expect(payload).toEqual({
      kode: String(sim.outbox[0]!.kode),
      status: '0',
      message: r.pesan,
      pesan: r.pesan,
      pengirim: '6281234567890',
    });
    expect(verifyOtomaxToken(got.token!, Buffer.from(got.body), (id) => APPS[id])).toEqual({
      ok: true,
      appId: 'APPID123',
    });
    sim.configure({ callback: { token: 'query' } });
    sim.pushOutbox({ penerima: '6281234567890', pesan: 'manual' });
    // the receiver records the POST before the sim has read the answer: wait for the sim's own record
    await sim.waitFor(() => rx.bodies.length === 2 && sim.callbackDeliveries.length === 2);
    const q = new URL(rx.bodies[1]!.url, 'http://x').searchParams.get('token')!;
    expect(verifyOtomaxToken(q, Buffer.from(rx.bodies[1]!.body), (id) => APPS[id]).ok).toBe(true);
    expect(sim.callbackDeliveries[1]!.url).toContain('token=[redacted]');
    await c.close();
    await rx.close();
  });

  it('bounded tries when the callback never acknowledges; pending rows wait for a callback URL', async () => {
    sim.configure({ callback: { maxTries: 3, retryMs: 10 } });
    const row = sim.pushOutbox({ penerima: '6281234567890', pesan: 'waiting' });
    await new Promise((r) => setTimeout(r, 30));
    expect(sim.callbackDeliveries).toHaveLength(0);
    const c = simClient(sim);
    await c.setOutboxCallback('http://127.0.0.1:9/nothing-listens-here');
    await sim.waitFor(() => sim.callbackDeliveries.length === 3);
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.callbackDeliveries).toHaveLength(3);
    expect(sim.callbackDeliveries.every((d) => !d.ok && d.error !== null)).toBe(true);
    expect(row.acked).toBe(false);
    await c.close();
  });
});

describe('sim faults and down/up', () => {
  it('counted faults are used up; "*" applies to every method after the specific ones', async () => {
    const c = simClient(sim, { retries: 0 });
    sim.fault('*', { kind: 'status', status: 502, count: 1 });
    sim.fault('Test', { kind: 'status', status: 503, count: 1 });
    await expect(c.test()).rejects.toMatchObject({ httpStatus: 503 });
    await expect(c.test()).rejects.toMatchObject({ httpStatus: 502 });
    await expect(c.test()).resolves.toBeDefined();
    sim.fault('Test', { kind: 'status', status: 500 });
    await expect(c.test()).rejects.toMatchObject({ httpStatus: 500 });
    sim.clearFaults();
    await expect(c.test()).resolves.toBeDefined();
    await c.close();
  });

  it('down() refuses connections, up() listens on the same port; hung requests are cut by down()', async () => {
    const c = simClient(sim, { retries: 0, timeoutMs: 5_000 });
    sim.fault('Test', { kind: 'hang', count: 1 });
    const hung = c.test().catch((e: unknown) => e);
    await sim.waitFor(() => sim.inFlight === 1);
    await sim.down();
    expect(await hung).toMatchObject({ klass: 'ambiguous' });
    await expect(c.test()).rejects.toMatchObject({ klass: 'unreachable' });
    await sim.up();
    await expect(c.test()).resolves.toBeDefined();
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/`);
    await c.close();
  });

  it('parses the CLI fault form', () => {
    expect(parseFaultSpec('InsertInbox:latency:2000')).toEqual({
      route: 'InsertInbox',
      fault: { kind: 'latency', ms: 2000, count: undefined },
    });
    expect(parseFaultSpec('*:status:503:2')).toEqual({ route: '*', fault: { kind: 'status', status: 503, count: 2 } });
    expect(parseFaultSpec('Test:hang')).toEqual({ route: 'Test', fault: { kind: 'hang', count: undefined } });
    expect(parseFaultSpec('Test:reset_after_body:3')).toEqual({
      route: 'Test',
      fault: { kind: 'reset_after_body', count: 3 },
    });
    expect(() => parseFaultSpec('Test:explode')).toThrow(/kind/);
    expect(() => parseFaultSpec('Test:latency:soon')).toThrow(/whole number/);
  });
});
