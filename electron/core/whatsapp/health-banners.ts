import type { Banner, SessionStatus } from '../../../shared/dto';
import { CLOCK_WARN_MS } from './clock-offset';

/**
 * What the WhatsApp link itself says the owner should know, whatever the session state: WhatsApp's send
 * pause (rate limit), a link that keeps dropping, a PC clock far from WhatsApp's time.
 */
export function whatsappHealthBanners(s: SessionStatus): Banner[] {
  const out: Banner[] = [];
  if (s.sendPausedUntil !== undefined) {
    out.push({ id: 'wa_rate_limited', level: 'warning', since: 0, until: s.sendPausedUntil });
  }
  if (s.flapping) out.push({ id: 'wa_flapping', level: 'warning', since: 0 });
  const offset = s.clockOffsetMs;
  if (offset !== undefined && Math.abs(offset) >= CLOCK_WARN_MS) {
    out.push({ id: 'clock_skew', level: 'warning', since: 0, seconds: Math.round(offset / 1000) });
  }
  return out;
}
