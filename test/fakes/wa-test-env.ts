import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../electron/core/kernel/clock';
import { type Db, openDatabase } from '../../electron/core/db/open';
import { createDataCipher, type DataCipher } from '../../electron/core/secrets/data-key';

export interface TempDb {
  db: Db;
  file: string;
  dir: string;
  reopen(): Db;
  cleanup(): void;
}

/** A real, migrated SQLite file in a fresh temp dir. */
export function tempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'jembatan-wa-'));
  const file = join(dir, 'test.db');
  const t: TempDb = {
    db: openDatabase(file),
    file,
    dir,
    reopen() {
      if (t.db.open) t.db.close();
      t.db = openDatabase(file);
      return t.db;
    },
    cleanup() {
      if (t.db.open) t.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

export const testCipher = (key: Buffer = randomBytes(32)): DataCipher => createDataCipher(key);

/** A clock tests move by hand. */
export function manualClock(start = 1_700_000_000_000): Clock & { set(t: number): void; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    set: (v) => void (t = v),
    advance: (ms) => void (t += ms),
  };
}

/** Insert an inbound_messages row (the forwarder's table) so outbound rows can quote it. */
export function insertInbound(
  db: Db,
  row: { waKey: string; waId: string; chatJid: string; participantJid?: string | null; text: string; now?: number },
): number {
  const now = row.now ?? Date.now();
  const info = db
    .prepare(
      `INSERT INTO inbound_messages (wa_key, wa_id, chat_jid, participant_jid, sender_phone, text, wa_timestamp,
         received_at, expires_at, status)
       VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, 'received')`,
    )
    .run(row.waKey, row.waId, row.chatJid, row.participantJid ?? null, row.text, now, now, now + 30_000);
  return Number(info.lastInsertRowid);
}
