import { describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../../shared/dto';
import { problemText } from '../../../electron/app/overall-text';
import { computeOverall, type OverallInput } from '../../../electron/core/status/overall';

const NOW = 1_800_000_000_000;
const open = (id: string): SessionStatus => ({ sessionId: id, state: 'open', since: NOW - 1000 });
const good: OverallInput = {
  now: NOW,
  starting: false,
  session: open('default'),
  forwarding: true,
  otomax: { configured: true, reachable: true, unreachableSince: null },
  forwardQueue: { count: 0, oldestAt: null },
  unreported: { count: 0, oldestAt: null },
  banners: [],
};

describe('the overall state with several numbers', () => {
  it('every other number that is not connected needs attention, by name; connected ones change nothing', () => {
    const all = computeOverall({
      ...good,
      numbers: [
        { id: 'wa-1', name: 'Cadangan', status: open('wa-1') },
        { id: 'wa-2', name: 'H2H', status: { sessionId: 'wa-2', state: 'logged_out', since: NOW - 5000 } },
        { id: 'wa-3', name: 'Baru', status: null },
      ],
    });
    expect(all.level).toBe('attention');
    expect(all.problems).toEqual([
      { source: 'state', id: 'whatsapp_number_down', level: 'attention', since: NOW - 5000, name: 'H2H' },
      { source: 'state', id: 'whatsapp_number_down', level: 'attention', since: null, name: 'Baru' },
    ]);
    expect(problemText(all.problems[0]!, 'id')).toBe('Nomor WhatsApp "H2H" tidak tersambung: pesannya tertunda');
    expect(problemText(all.problems[0]!, 'en')).toBe('WhatsApp number "H2H" is not connected: its messages wait');
    expect(computeOverall({ ...good, numbers: [{ id: 'wa-1', name: 'C', status: open('wa-1') }] })).toEqual({
      level: 'ok',
      problems: [],
    });
  });

  it('a number with its own banner is said once: the banner, not also the state problem', () => {
    const s = computeOverall({
      ...good,
      banners: [{ id: 'number_unlinked', level: 'error', since: NOW - 5000, name: 'H2H' }],
      numbers: [{ id: 'wa-2', name: 'H2H', status: { sessionId: 'wa-2', state: 'logged_out', since: NOW - 5000 } }],
    });
    expect(s.level).toBe('down');
    expect(s.problems).toEqual([
      { source: 'banner', id: 'number_unlinked', level: 'down', since: NOW - 5000, name: 'H2H' },
    ]);
    expect(problemText(s.problems[0]!, 'id')).toBe('Nomor WhatsApp lain perlu ditautkan ulang');
  });

  it('the primary down is still the worst problem, above another number', () => {
    const s = computeOverall({
      ...good,
      session: { sessionId: 'default', state: 'reconnecting', since: NOW - 1 },
      numbers: [{ id: 'wa-2', name: 'H2H', status: { sessionId: 'wa-2', state: 'stopped', since: NOW } }],
    });
    expect(s.problems.map((p) => p.id)).toEqual(['whatsapp_connecting', 'whatsapp_number_down']);
  });
});
