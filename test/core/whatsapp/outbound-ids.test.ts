/**
 * Issue 15: every queued WhatsApp message (each OtomaX callback) read 16 random bytes from the OS for its id, a
 * syscall per message that cost as much as the id's hash. The ids now come from a block read once per 256 ids.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundRepo, ID_RANDOM_BLOCK } from '../../../electron/core/whatsapp/outbound-repo';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';

describe('WhatsApp ids of queued messages', () => {
  let t: TempDb | null = null;
  afterEach(() => t?.cleanup());

  it('are read from the OS in blocks, each id Baileys-shaped and different', () => {
    t = tempDb();
    const reads: number[] = [];
    const repo = createOutboundRepo(t.db, {
      randomBytes: (n) => {
        reads.push(n);
        return randomBytes(n);
      },
    });
    const ids = new Set<string>();
    const n = 1000;
    t.db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const { waId } = repo.insert(
          { sessionId: 'default', toPhone: `62811${String(i).padStart(7, '0')}`, text: `TRX ${i}`, kind: 'outbox' },
          1_700_000_000_000,
        );
        expect(waId).toMatch(/^3EB0[0-9A-F]{18}$/);
        ids.add(waId);
      }
    })();
    expect(ids.size).toBe(n);
    // 16 bytes an id: 1,000 ids take 4 blocks of 4,096 bytes (one read each), not 1,000 reads of 16.
    expect(ID_RANDOM_BLOCK).toBe(4096);
    expect(reads).toEqual([4096, 4096, 4096, 4096]);
  });
});
