import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startEnv, type Env } from '../../helpers/engine-env';

// Issue 15: the running engine indexes the log's text in the background (migration 009); a message is found by
// text through the window's command at once, and is in the trigram index a moment later.
let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

describe('the engine indexes the log in the background', () => {
  it('finds a message by text as soon as it is logged, and puts it in the index shortly after', async () => {
    env = await startEnv();
    const e = env;
    expect((await e.incoming({ from: '6281234500001', text: 'cek unikqzx tolong' })).status).toBe(200);
    const found = async () => {
      const page = await e.h.engine.api.invoke('log:page', { filter: { text: 'unikqzx' } });
      if (!page.ok) throw new Error(page.error.message);
      return page.value;
    };
    await e.waitFor(async () => (await found()).rows.length === 1, 5_000, 'the message in the log');
    expect((await found()).total).toBe(1);
    // A second connection reads what the engine committed (WAL: readers never block the writer).
    const db = new Database(join(e.dataDir, 'jembatan.db'), { readonly: true });
    try {
      const indexed = () =>
        db.prepare(`SELECT rowid AS id FROM inbound_text_search WHERE inbound_text_search MATCH '"qzx"'`).all();
      await e.waitFor(() => indexed().length === 1, 5_000, 'the message in the text index');
      const mark = db.prepare("SELECT upto FROM search_watermarks WHERE name = 'inbound_text_search'").get() as {
        upto: number;
      };
      const id = (db.prepare('SELECT max(id) AS id FROM inbound_messages').get() as { id: number }).id;
      expect(mark.upto).toBe(id);
    } finally {
      db.close();
    }
    expect((await found()).rows.map((r) => r.text)).toEqual(['cek unikqzx tolong']);
  });
});
