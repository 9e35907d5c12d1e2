import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rule that keeps SQL in repositories (eslint.config.js, "sql-in-repositories"), run on real text.
const BAD = `import type { Db } from '../db/open';

export function bad(db: Db, deps: { db: Db }, conn: Db, sql: string) {
  db.prepare(sql);
  deps.db.exec(sql);
  conn.pragma('user_version');
  conn.prepare(\`SELECT 1 FROM \${sql}\`);
  conn.exec(' insert into t values (1)');
  /^x$/.exec(sql);
  const versions = { prepare: (linked: boolean) => linked };
  versions.prepare(true);
}
`;

async function sqlFindings(filePath: string): Promise<number[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(BAD, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-syntax' && m.message.startsWith('sql-in-repositories'))
    .map((m) => m.line);
}

describe('lint: SQL only in repositories', () => {
  it('flags prepare/exec/pragma on a database and SQL text outside a repository, not a regex or another prepare', async () => {
    expect(await sqlFindings('electron/core/whatsapp/session-helper.ts')).toEqual([4, 5, 6, 7, 8]);
  }, 30_000);

  it('allows them in a *-repo.ts and in db/', async () => {
    expect(await sqlFindings('electron/core/whatsapp/some-repo.ts')).toEqual([]);
    expect(await sqlFindings('electron/core/db/some-infra.ts')).toEqual([]);
  }, 30_000);
});
