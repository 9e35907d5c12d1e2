import type { Db } from '../../electron/core/db/open';
import { createSearchIndexRepo } from '../../electron/core/forwarder/search-index-repo';

/**
 * A shop's log, deterministic (seeded pseudo-random), written in one transaction with statements prepared once:
 * inbound messages with OtomaX answers and auto-replies, outbox messages with their sends. Times go forward with
 * ties and small reorderings (a later id with an earlier time), phones repeat across a reseller base, and a few
 * texts are rare (for searches that match little).
 */
export interface SeedOptions {
  inbound: number;
  outbox: number;
  /** Time of the oldest message, ms. */
  start: number;
  /** Average ms between two inbound messages. */
  stepMs: number;
  resellers?: number;
  seed?: number;
  /**
   * Index the seeded rows' text as the running engine's indexer would (migration 009 on: in batches past the
   * watermark), so the log is as a running engine leaves it. Default true; false leaves them for the caller.
   */
  index?: boolean;
}

export const RARE_TEXT = 'tolong cek saldo';
export const resellerPhone = (k: number) => `6281${String(100_000 + k).padStart(8, '0')}`;

export function seedLog(db: Db, o: SeedOptions): void {
  let s = o.seed ?? 42;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const resellers = o.resellers ?? 2000;
  const insIn = db.prepare(
    `INSERT INTO inbound_messages (wa_key, wa_id, chat_jid, sender_phone, push_name, text, wa_timestamp, received_at,
       expires_at, status, attempts, kode_inbox, otomax_status, otomax_desc, otomax_reply, otomax_raw, forwarded_at, latency_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insOut = db.prepare(
    `INSERT INTO outbound_messages (to_phone, to_jid, text, kind, inbound_id, outbox_id, wa_id, status, attempts, created_at, sent_at, wa_message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
  );
  const insBox = db.prepare(
    `INSERT INTO outbox_messages (kode, penerima, pesan, kode_inbox, kode_transaksi, kode_reseller, raw, received_at, status, report_status, reported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 20, ?)`,
  );
  const proto = Buffer.alloc(120, 7);
  const statuses = ['forwarded', 'forwarded', 'forwarded', 'forwarded', 'failed', 'expired', 'not_forwarded'];
  const boxEvery = o.outbox > 0 ? o.inbound / o.outbox : Infinity;
  let box = 0;
  db.transaction(() => {
    for (let i = 1; i <= o.inbound; i++) {
      const k = rnd(resellers);
      const phone = rnd(500) === 0 ? null : resellerPhone(k);
      const t = Math.round(o.start + i * o.stepMs + (rnd(4) === 0 ? -rnd(3) * o.stepMs : 0));
      const text =
        rnd(997) === 0
          ? `${RARE_TEXT} ${i}`
          : rnd(3) === 0
            ? `SAL.${1000 + k}`
            : `S${5 + rnd(20)}.0811${String(rnd(10_000_000)).padStart(7, '0')}.${1000 + k}`;
      const status = statuses[rnd(statuses.length)] as string;
      const forwarded = status === 'forwarded';
      const otomax = forwarded ? ([21, 21, 21, 41, 42][rnd(5)] as number) : null;
      const r = insIn.run(
        `default|${phone ?? 'lid'}@s.whatsapp.net||M${i}`,
        `M${i}`,
        `${phone ?? '1234'}@s.whatsapp.net`,
        phone,
        rnd(4) === 0 ? null : `Toko ${k}`,
        text,
        t - 300,
        t,
        t + 30_000,
        status,
        forwarded ? i : null,
        otomax,
        forwarded ? 'Pesan diterima' : null,
        forwarded ? 'Transaksi sedang diproses' : null,
        forwarded ? `{"ok":true,"kode_inbox":${i},"status":${otomax}}` : null,
        forwarded ? t + 40 : null,
        forwarded ? 40 + rnd(50) : null,
      );
      if (forwarded && phone && rnd(2) === 0) {
        insOut.run(
          phone,
          `${phone}@s.whatsapp.net`,
          'Pesan Anda sedang diproses.',
          'auto_reply',
          r.lastInsertRowid,
          null,
          `R${i}`,
          'sent',
          t + 50,
          t + 60,
          proto,
        );
      }
      while (box < o.outbox && box * boxEvery < i) {
        box++;
        const bt = t + 2000 + rnd(3) * 1000;
        const bphone = resellerPhone(rnd(resellers));
        const pesan = `R#${box} S5.0811${String(rnd(10_000_000)).padStart(7, '0')} SUKSES. SN: ${rnd(1e9)}${rnd(1e9)}. Saldo ${rnd(9_000_000)} @${new Date(bt).toISOString().slice(11, 19)}`;
        const b = insBox.run(
          `K${box}`,
          bphone,
          pesan,
          i,
          box,
          `R${rnd(resellers)}`,
          JSON.stringify({ kode: box, penerima: bphone, pesan, kode_inbox: i }),
          bt,
          'sent',
          bt + 900,
        );
        insOut.run(
          bphone,
          `${bphone}@s.whatsapp.net`,
          pesan,
          'outbox',
          null,
          b.lastInsertRowid,
          `B${box}`,
          'sent',
          bt + 5,
          bt + 800,
          proto,
        );
      }
    }
  })();
  if (o.index !== false) indexSearch(db);
}

/** Every row past each text index's watermark indexed (migration 009 on; before it the triggers did it). */
export function indexSearch(db: Db): void {
  const repo = createSearchIndexRepo(db);
  for (let i = 0; i < repo.count; i++) while (repo.indexBatch(i, 10_000) > 0);
}
