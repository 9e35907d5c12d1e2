import Database from 'better-sqlite3';
import { vi } from 'vitest';

/**
 * Counts the commits on every better-sqlite3 connection from now on (restore with vi.restoreAllMocks): each outermost
 * transaction, and each write statement run outside one (an autocommit); a pragma is not a commit (the group commit
 * switches synchronous with prepared statements), a savepoint inside a transaction neither. `onCommit` runs at each
 * one, before it (a test can make it cost what a sync costs on a slow disk). Install it before the code under test
 * builds its transactions: a runner built earlier is not seen.
 */
export function countCommits(onCommit: () => void = () => undefined): { count: () => number } {
  let commits = 0;
  const commit = () => {
    commits++;
    onCommit();
  };
  const probe = new Database(':memory:');
  const stmtProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: (...a: unknown[]) => unknown };
  probe.close();
  const run = stmtProto.run;
  vi.spyOn(stmtProto, 'run').mockImplementation(function (this: Database.Statement, ...a: unknown[]) {
    if (!this.database.inTransaction && !this.reader && !/^\s*PRAGMA/i.test(this.source)) commit();
    return run.apply(this, a);
  });
  const transaction = Database.prototype.transaction;
  vi.spyOn(Database.prototype, 'transaction').mockImplementation(function (
    this: Database.Database,
    fn: (...a: unknown[]) => unknown,
  ) {
    const tx = transaction.call(this, fn);
    return Object.assign((...a: unknown[]) => {
      if (!this.inTransaction) commit();
      return tx(...a);
    }, tx);
  } as typeof transaction);
  return { count: () => commits };
}
