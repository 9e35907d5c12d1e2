import type { ForwardingState, InboundStatus } from '../../../shared/dto';
import type { Settings } from '../../../shared/settings';
import type { GroupCommit } from '../db/durable';
import type { Clock } from '../kernel/clock';
import type { Metrics } from '../kernel/metrics';
import { INSERT_INBOX_TTL_MS } from '../otomax';
import type { InboundRepo, InboundRow } from './inbound-repo';
import type { ClaimCandidate } from './inbound-forward';
import type { ReplyStep } from './inbound-reply';
import type { IncomingMessage, NumberOptionsLookup, OutboundLedger } from './ports';

/** The accept step's port: the log it writes first, and where a logged message goes next. */
export interface AcceptStepPorts {
  inbound: Pick<InboundRepo, 'insert'>;
  /** The logged rows of the messages arriving together share one sync (issue 15). */
  commits: Pick<GroupCommit, 'run'>;
  /** Our own sends echo back as messages from the owner: they are not forwarded. */
  sends: Pick<OutboundLedger, 'isOurs'>;
  settings: () => Pick<Settings, 'otomaxForwardOutgoing' | 'otomaxForwardIncoming'>;
  switches: () => Pick<ForwardingState, 'forwarding'>;
  /** A number's own phone (for messages the owner sent from that phone). */
  ownPhone: (sessionId: string) => string | null;
  replies: Pick<ReplyStep, 'expire'>;
  /** The number's own forward options over the global ones. */
  numberOptions?: NumberOptionsLookup;
  /** Hand a queued row to the forward step. */
  schedule: (id: number, row?: InboundRow) => void;
  /**
   * `take`, inside the row's transaction, before its insert: true when the forward step takes the row at once; it is
   * then inserted already 'forwarding' (one statement, one sync for both, issue 15); after that commit the row goes to
   * `start`, or `release` if the commit failed or the message was a re-delivery. Absent: every row goes through
   * schedule.
   */
  claims?: { take: (c: ClaimCandidate) => boolean; release: () => void; start: (row: InboundRow) => void };
  clock: Clock;
  metrics: Pick<Metrics, 'inbound' | 'duplicates'>;
  onRow: (inboundId: number) => void;
}

/**
 * A message from WhatsApp: logged first (a re-delivery is a no-op on its unique key), then forwarded. The row is
 * stored by the group commit with the other messages of this loop turn; the promise settles after that synced
 * commit, and nothing else happens to the message before it (no forward, no notice, no UI row).
 * Groups and media were already filtered by the session (whatsapp/normalize.ts), by the owner's settings.
 */
export function createAcceptStep(p: AcceptStepPorts) {
  const { inbound, clock, metrics } = p;
  return async function accept(m: IncomingMessage): Promise<'logged' | 'duplicate' | 'ignored'> {
    const g = p.settings();
    const own = p.numberOptions?.(m.sessionId);
    const s = {
      otomaxForwardOutgoing: own?.forwardOutgoing ?? g.otomaxForwardOutgoing,
      otomaxForwardIncoming: own?.forwardIncoming ?? g.otomaxForwardIncoming,
    };
    if (m.fromMe && (!s.otomaxForwardOutgoing || p.sends.isOurs(m.waId))) return 'ignored';
    if (!m.text.trim()) return 'ignored';
    const now = clock.now();
    // _exp = WhatsApp timestamp + 30 s (the OtomaX protocol page).
    const expiresAt = m.timestampMs + INSERT_INBOX_TTL_MS;
    const sender = m.fromMe ? p.ownPhone(m.sessionId) : m.senderPhone;
    let status: InboundStatus = 'queued';
    let error: string | null = null;
    if (!sender) {
      status = 'sender_unknown';
      error = m.senderLid ? `no phone number known for ${m.senderLid}` : 'sender has no phone number';
    } else if (!p.switches().forwarding || (!m.fromMe && !s.otomaxForwardIncoming)) status = 'not_forwarded';
    else if (now >= expiresAt) status = 'expired';
    let claimed = false;
    let row: InboundRow | null;
    const senderPhone = m.fromMe ? sender : m.senderPhone;
    try {
      // One statement: atomic by itself in the group commit (a re-delivery or a failed insert writes nothing).
      row = await p.commits.run(
        () => {
          if (status === 'queued' && p.claims) {
            const c = {
              expires_at: expiresAt,
              from_me: m.fromMe ? 1 : 0,
              session_id: m.sessionId,
              sender_phone: senderPhone,
            };
            try {
              claimed = p.claims.take(c);
            } catch {
              // The claim's checks failed: the row is logged queued and goes the usual way.
              claimed = false;
            }
          }
          const r = inbound.insert({
            ...m,
            senderPhone,
            waTimestamp: m.timestampMs,
            receivedAt: now,
            expiresAt,
            status: claimed ? 'forwarding' : status === 'expired' ? 'received' : status,
            attempts: claimed ? 1 : 0,
            errorMessage: error,
          });
          if (!r && claimed) {
            // A re-delivery: nothing was logged, so nothing was claimed.
            claimed = false;
            p.claims?.release();
          }
          return r;
        },
        { atomic: true },
      );
    } catch (e) {
      if (claimed) p.claims?.release();
      throw e;
    }
    if (!row) {
      metrics.duplicates.inc();
      return 'duplicate';
    }
    metrics.inbound.inc({ status });
    if (status === 'expired')
      await p.replies.expire(row, 'arrived after _exp (the phone or this app was offline)', 'late');
    else if (claimed) p.claims?.start(row);
    else p.onRow(row.id);
    if (status === 'queued' && !claimed) p.schedule(row.id, row);
    return 'logged';
  };
}
