import type { Banner, OverallLevel, OverallState, Problem, SessionStatus, StateProblemId } from '../../../shared/dto';

/** A message waiting longer than this for OtomaX (or an outbox report for OtomaX) needs the owner's eye. */
export const BACKLOG_AFTER_MS = 60_000;

export interface OverallInput {
  now: number;
  starting: boolean;
  session: SessionStatus;
  forwarding: boolean;
  otomax: { configured: boolean; reachable: boolean | null; unreachableSince: number | null };
  /** Inbound messages waiting to be forwarded, and since when the oldest waits. */
  forwardQueue: { count: number; oldestAt: number | null };
  /** OtomaX outbox results not yet reported back (UpdateStatusOutbox pending), and the oldest. */
  unreported: { count: number; oldestAt: number | null };
  /** Auto-replies held back (a chat over its per-minute limit, or paused). */
  heldReplies?: number;
  /** Messages whose InsertInbox outcome nobody can be sure of ("perlu dicek"), not yet marked checked. */
  needsCheck?: number;
  banners: readonly Banner[];
  /** The other live WhatsApp numbers (not the primary): each one not connected needs attention, by name. */
  numbers?: readonly { id: string; name: string; status: SessionStatus | null }[];
}

const RANK: Record<OverallLevel, number> = { ok: 0, attention: 1, down: 2 };
const BUSY: SessionStatus['state'][] = ['connecting', 'reconnecting', 'idle'];
const UNLINKED: SessionStatus['state'][] = ['qr', 'pairing_code', 'qr_timeout', 'link_failed', 'logged_out', 'stopped'];
/** Session states that come with their own banner: the banner says it, once. */
const BANNERED: Banner['id'][] = ['logged_out', 'blocked', 'replaced', 'version_too_old', 'multidevice_mismatch'];

/**
 * Everything that can stop resellers from getting answers, worst first, from the same facts the window shows.
 * "All good" only when WhatsApp is open, forwarding is on, OtomaX answers and nothing waits too long.
 */
export function computeOverall(input: OverallInput): OverallState {
  const problems: Problem[] = [];
  const add = (id: StateProblemId, level: Problem['level'], since: number | null, count?: number) =>
    problems.push({ source: 'state', id, level, since, ...(count !== undefined ? { count } : {}) });

  if (input.starting) add('starting', 'attention', null);
  for (const b of input.banners) {
    problems.push({
      source: 'banner',
      id: b.id,
      level: b.level === 'error' ? 'down' : 'attention',
      since: b.since,
      ...(b.phone !== undefined ? { phone: b.phone } : {}),
      ...(b.seconds !== undefined ? { seconds: b.seconds } : {}),
      ...(b.name !== undefined ? { name: b.name } : {}),
    });
  }
  const has = (id: Banner['id']) => input.banners.some((b) => b.id === id);

  const s = input.session;
  if (s.state !== 'open' && !BANNERED.some(has)) {
    if (UNLINKED.includes(s.state)) add('whatsapp_not_linked', 'down', s.since);
    else if (BUSY.includes(s.state)) add('whatsapp_connecting', 'attention', s.since);
    else add('whatsapp_down', 'down', s.since);
  }

  for (const n of input.numbers ?? []) {
    if (n.status?.state === 'open') continue;
    // Its own banner says it, once.
    if (input.banners.some((b) => b.id === 'number_unlinked' && b.name === n.name)) continue;
    problems.push({
      source: 'state',
      id: 'whatsapp_number_down',
      level: 'attention',
      since: n.status?.since ?? null,
      name: n.name,
    });
  }

  if (!input.forwarding) add('forwarding_off', 'attention', null);
  else if (!input.otomax.configured) add('otomax_not_configured', 'down', null);
  else if (input.otomax.reachable === false && !has('otomax_unreachable')) {
    add('otomax_down', 'down', input.otomax.unreachableSince, input.forwardQueue.count);
  }

  const q = input.forwardQueue;
  if (q.count > 0 && q.oldestAt !== null && input.now - q.oldestAt >= BACKLOG_AFTER_MS) {
    add('queue_backlog', 'attention', q.oldestAt, q.count);
  }
  const u = input.unreported;
  if (u.count > 0 && u.oldestAt !== null && input.now - u.oldestAt >= BACKLOG_AFTER_MS) {
    add('outbox_unreported', 'attention', u.oldestAt, u.count);
  }

  if ((input.heldReplies ?? 0) > 0) add('replies_held', 'attention', null, input.heldReplies);
  if ((input.needsCheck ?? 0) > 0) add('needs_check', 'attention', null, input.needsCheck);

  // Stable: the worst level first, then the order above (which puts causes before their effects).
  const ordered = problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => RANK[b.p.level] - RANK[a.p.level] || a.i - b.i)
    .map((x) => x.p);
  const level = ordered.reduce<OverallLevel>((worst, p) => (RANK[p.level] > RANK[worst] ? p.level : worst), 'ok');
  return { level, problems: ordered };
}

/** Same level and the same problems (ids and counts): nothing for the window or the tray to redraw. */
export function sameOverall(a: OverallState, b: OverallState): boolean {
  if (a.level !== b.level || a.problems.length !== b.problems.length) return false;
  return a.problems.every((p, i) => {
    const q = b.problems[i];
    return (
      q !== undefined &&
      p.id === q.id &&
      p.level === q.level &&
      ('count' in p ? p.count : undefined) === ('count' in q ? q.count : undefined)
    );
  });
}
