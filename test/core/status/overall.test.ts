import { describe, expect, it } from 'vitest';
import type { Banner, OverallState, SessionStatus } from '../../../shared/dto';
import { BACKLOG_AFTER_MS, computeOverall, type OverallInput } from '../../../electron/core/status/overall';
import { decideNotifications, emptyMemory, RENOTIFY_AFTER_MS } from '../../../electron/core/status/notify';

const NOW = 1_800_000_000_000;
const open: SessionStatus = { sessionId: 'default', state: 'open', since: NOW - 1000 };
const good: OverallInput = {
  now: NOW,
  starting: false,
  session: open,
  forwarding: true,
  otomax: { configured: true, reachable: true, unreachableSince: null },
  forwardQueue: { count: 0, oldestAt: null },
  unreported: { count: 0, oldestAt: null },
  banners: [],
};
const ids = (s: OverallState) => s.problems.map((p) => p.id);

describe('the overall state', () => {
  it('is all good only when WhatsApp is open, forwarding is on, OtomaX answers and nothing waits long', () => {
    expect(computeOverall(good)).toEqual({ level: 'ok', problems: [] });
    // A queue that just formed is normal traffic, not a problem.
    expect(computeOverall({ ...good, forwardQueue: { count: 3, oldestAt: NOW - 2000 } }).level).toBe('ok');
  });

  it('goes red when OtomaX is gone, naming how many messages wait', () => {
    const s = computeOverall({
      ...good,
      otomax: { configured: true, reachable: false, unreachableSince: NOW - 5000 },
      forwardQueue: { count: 5, oldestAt: NOW - 4000 },
    });
    expect(s.level).toBe('down');
    expect(s.problems[0]).toEqual({ source: 'state', id: 'otomax_down', level: 'down', since: NOW - 5000, count: 5 });
  });

  it('is not "fine" with forwarding off at first start, or OtomaX not configured, or WhatsApp unlinked', () => {
    expect(computeOverall({ ...good, forwarding: false })).toMatchObject({
      level: 'attention',
      problems: [{ id: 'forwarding_off' }],
    });
    expect(
      computeOverall({ ...good, otomax: { configured: false, reachable: null, unreachableSince: null } }),
    ).toMatchObject({ level: 'down', problems: [{ id: 'otomax_not_configured' }] });
    const qr = computeOverall({ ...good, session: { ...open, state: 'qr' } });
    expect(qr.level).toBe('down');
    expect(ids(qr)).toEqual(['whatsapp_not_linked']);
    expect(computeOverall({ ...good, session: { ...open, state: 'reconnecting' } })).toMatchObject({
      level: 'attention',
      problems: [{ id: 'whatsapp_connecting' }],
    });
  });

  it('counts work that waits too long: messages for OtomaX and results OtomaX has not heard', () => {
    const s = computeOverall({
      ...good,
      forwardQueue: { count: 2, oldestAt: NOW - BACKLOG_AFTER_MS },
      unreported: { count: 7, oldestAt: NOW - 2 * BACKLOG_AFTER_MS },
    });
    expect(s.level).toBe('attention');
    expect(s.problems).toEqual([
      { source: 'state', id: 'queue_backlog', level: 'attention', since: NOW - BACKLOG_AFTER_MS, count: 2 },
      { source: 'state', id: 'outbox_unreported', level: 'attention', since: NOW - 2 * BACKLOG_AFTER_MS, count: 7 },
    ]);
  });

  it('takes every banner as a problem, worst first, without saying the same thing twice', () => {
    const banners: Banner[] = [
      { id: 'keychain_missing', level: 'warning', since: 0 },
      { id: 'logged_out', level: 'error', since: NOW - 60_000 },
    ];
    const s = computeOverall({ ...good, session: { ...open, state: 'logged_out' }, forwarding: false, banners });
    expect(s.level).toBe('down');
    // The logged-out banner already says WhatsApp is out: no second "not linked" line.
    expect(ids(s)).toEqual(['logged_out', 'keychain_missing', 'forwarding_off']);
    const unreachable = computeOverall({
      ...good,
      otomax: { configured: true, reachable: false, unreachableSince: NOW - 90_000 },
      banners: [{ id: 'otomax_unreachable', level: 'error', since: NOW - 90_000 }],
    });
    expect(ids(unreachable)).toEqual(['otomax_unreachable']);
  });
});

describe('desktop notifications', () => {
  const down = (id: 'otomax_down' | 'whatsapp_not_linked'): OverallState['problems'][number] => ({
    source: 'state',
    id,
    level: 'down',
    since: NOW,
  });

  it('announce each new problem that stops work, once', () => {
    const a: OverallState = { level: 'down', problems: [down('otomax_down')] };
    let r = decideNotifications(emptyMemory(), { level: 'ok', problems: [] }, a, NOW);
    expect(r.notify.map((p) => p.id)).toEqual(['otomax_down']);
    // Still the same problem a tick later: nothing new to say.
    r = decideNotifications(r.memory, a, a, NOW + 5000);
    expect(r.notify).toEqual([]);
    const b: OverallState = { level: 'down', problems: [down('otomax_down'), down('whatsapp_not_linked')] };
    r = decideNotifications(r.memory, a, b, NOW + 6000);
    expect(r.notify.map((p) => p.id)).toEqual(['whatsapp_not_linked']);
  });

  it('stay quiet for normal life, and do not repeat a flapping problem within the quiet period', () => {
    const connecting: OverallState = {
      level: 'attention',
      problems: [{ source: 'state', id: 'whatsapp_connecting', level: 'attention', since: NOW }],
    };
    expect(decideNotifications(emptyMemory(), null, connecting, NOW).notify).toEqual([]);
    const bad: OverallState = { level: 'down', problems: [down('otomax_down')] };
    const ok: OverallState = { level: 'ok', problems: [] };
    let r = decideNotifications(emptyMemory(), ok, bad, NOW);
    r = decideNotifications(r.memory, bad, ok, NOW + 1000);
    r = decideNotifications(r.memory, ok, bad, NOW + 2000);
    expect(r.notify).toEqual([]);
    r = decideNotifications(r.memory, ok, bad, NOW + RENOTIFY_AFTER_MS + 1);
    expect(r.notify.map((p) => p.id)).toEqual(['otomax_down']);
  });

  it('announce banners (things the owner must act on) even when they only need attention', () => {
    const held: OverallState = {
      level: 'attention',
      problems: [{ source: 'banner', id: 'keychain_missing', level: 'attention', since: 0 }],
    };
    expect(decideNotifications(emptyMemory(), { level: 'ok', problems: [] }, held, NOW).notify).toHaveLength(1);
  });
});
