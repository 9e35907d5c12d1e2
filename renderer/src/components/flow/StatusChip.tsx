import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

const TONE: Record<string, 'ok' | 'bad' | 'busy' | 'neutral'> = {
  forwarded: 'ok',
  sent: 'ok',
  delivered: 'ok',
  read: 'ok',
  duplicate_text: 'neutral',
  failed: 'bad',
  expired: 'bad',
  sender_unknown: 'bad',
  received: 'busy',
  queued: 'busy',
  forwarding: 'busy',
  sending: 'busy',
  pending: 'busy',
  not_forwarded: 'neutral',
  too_long: 'bad',
  checked: 'neutral',
  needs_check: 'busy',
  waiting_otomax: 'bad',
  held: 'busy',
  gave_up: 'bad',
};

/** A status word in its colour; the word is always there (colour is never the only signal). */
export function StatusChip({ status, group }: { status: string; group?: string }) {
  const { t } = useTranslation();
  return <StatusChipView t={t} status={status} group={group} />;
}

/** StatusChip with the translator given: the live flow's rows pass theirs rather than each chip asking for one. */
export function StatusChipView({ t, status, group = 'flow.status' }: { t: TFunction; status: string; group?: string }) {
  return (
    <span className={`chip tone-${TONE[status] ?? 'neutral'}`}>
      {t(`${group}.${status}`, { defaultValue: status })}
    </span>
  );
}

/** OtomaX's own code and words (21 Sukses Masuk Outbox): 2x good, 4x/5x a refusal. */
export function OtomaxChip({ code, desc }: { code: number | null; desc: string | null }) {
  if (code === null) return <span className="muted">—</span>;
  const tone = code >= 20 && code < 30 ? 'ok' : 'bad';
  return (
    <span className={`chip tone-${tone}`} title={desc ?? undefined}>
      {code}
      {desc ? ` ${desc}` : ''}
    </span>
  );
}
