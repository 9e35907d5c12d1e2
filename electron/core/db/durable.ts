import { AppError } from '../kernel/errors';
import type { Db } from './open';

/**
 * Run `fn` as one transaction committed with synchronous = FULL: when it returns, that commit and every commit
 * before it on this connection are on disk (the WAL is written in order, and FULL syncs it at this commit).
 * Marks the commits made right before an action that must not happen twice or be lost: an InsertInbox sent,
 * a WhatsApp message sent, the 200 that tells OtomaX a callback is stored, an UpdateStatusOutbox. The database
 * opens with FULL already (every commit synced); this keeps these commits durable even on a connection opened
 * with NORMAL (the benchmark's). See docs/durability.md.
 */
export function durably<T>(db: Db, fn: () => T): T {
  // Inside an outer transaction the commit (and its sync) would belong to the caller: a bug here.
  if (db.inTransaction) throw new AppError('INTERNAL', 'durably() must not run inside another transaction');
  const level = db.pragma('synchronous', { simple: true }) as number;
  if (level >= 2) return db.transaction(fn)();
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn)();
  } finally {
    db.pragma(level === 1 ? 'synchronous = NORMAL' : 'synchronous = OFF');
  }
}
