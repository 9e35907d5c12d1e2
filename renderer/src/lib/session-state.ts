import type { SessionState } from '../../../shared/dto';

/** States in which the owner can (re)start linking a number: the Pairing screen and each number's card. */
export const CAN_START: readonly SessionState[] = [
  'idle',
  'stopped',
  'logged_out',
  'qr_timeout',
  'replaced',
  'blocked',
  'version_too_old',
  'link_failed',
  'multidevice_mismatch',
];

/** The colour a session state is drawn in. */
export const SESSION_TONE: Partial<Record<SessionState, 'ok' | 'bad' | 'busy'>> = {
  open: 'ok',
  logged_out: 'bad',
  blocked: 'bad',
  replaced: 'bad',
  version_too_old: 'bad',
  qr_timeout: 'bad',
  link_failed: 'bad',
  multidevice_mismatch: 'bad',
  connecting: 'busy',
  reconnecting: 'busy',
};
