import { describe, expect, it } from 'vitest';
import { checkForwarded, RESELLER } from '../../bench/numbers';

/** The bench's three-number rows stand on this check: a wrong forward must throw, not become a number. */
describe('bench: the check of a flood over several numbers', () => {
  const sent = new Map([
    ['S5.08110000000.1234', 1],
    ['S5.08110000001.1234', 2],
    ['S5.08110000002.1234', 3],
  ]);
  const row = (pesan: string, kode_terminal: number | null, pengirim = RESELLER) => ({
    pesan,
    kode_terminal,
    pengirim,
  });
  const good = [...sent].map(([t, k]) => row(t, k));

  it('passes when every message arrived once with its own number terminal, in any order', () => {
    expect(() => checkForwarded([...good].reverse(), sent, 'ok')).not.toThrow();
  });

  it('throws on a message forwarded twice', () => {
    expect(() => checkForwarded([...good, good[1]!], sent, 'dup')).toThrow(/forwarded twice/);
  });

  it('throws on a message forwarded with another number terminal, or with none', () => {
    expect(() => checkForwarded([good[0]!, row('S5.08110000001.1234', 3), good[2]!], sent, 'x')).toThrow(
      /terminal 3, its number's is 2/,
    );
    expect(() => checkForwarded([good[0]!, row('S5.08110000001.1234', null), good[2]!], sent, 'x')).toThrow(
      /terminal null/,
    );
  });

  it('throws on a lost message, a message nobody sent and a wrong sender', () => {
    expect(() => checkForwarded(good.slice(0, 2), sent, 'lost')).toThrow(/1 message\(s\) never forwarded/);
    expect(() => checkForwarded([...good, row('HALO', 1)], sent, 'extra')).toThrow(/unexpected InsertInbox HALO/);
    expect(() => checkForwarded([good[0]!, good[1]!, row('S5.08110000002.1234', 3, '6280000')], sent, 'from')).toThrow(
      /from 6280000/,
    );
  });
});
