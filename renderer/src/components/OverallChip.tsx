import { useTranslation } from 'react-i18next';
import type { OverallState, Problem } from '../../../shared/dto';
import { formatPhone } from '../lib/format';

const TONE = { ok: 'ok', attention: 'busy', down: 'bad' } as const;

/** One problem in the owner's words: a banner's own title, or the state's sentence (with its count). */
export function useProblemText(): (p: Problem) => string {
  const { t } = useTranslation();
  return (p) => {
    if (p.source === 'banner') {
      return t(`banners.${p.id}.title`, {
        chat: formatPhone(p.phone ?? null),
        seconds: Math.abs(p.seconds ?? 0),
        name: p.name ?? '',
      });
    }
    const count = p.count ?? 0;
    // "OtomaX cannot be reached" says enough when nothing waits yet.
    if (p.id === 'otomax_down' && count === 0) return t('overall.problem.otomax_down_idle');
    return t(`overall.problem.${p.id}`, { count, name: p.name ?? '' });
  };
}

/**
 * The one at-a-glance state: green only when resellers are being served, otherwise the worst problem first
 * ("OtomaX tidak bisa dihubungi: 5 pesan menunggu"), and how many more there are.
 */
export function OverallChip({ overall, onOpen }: { overall: OverallState | null; onOpen: () => void }) {
  const { t } = useTranslation();
  const text = useProblemText();
  if (!overall) {
    return (
      <p className="session-pill tone-neutral" role="status">
        <span className="dot" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );
  }
  const [first, ...rest] = overall.problems;
  return (
    <button
      type="button"
      className={`session-pill overall-pill tone-${TONE[overall.level]}`}
      data-testid="overall"
      data-level={overall.level}
      onClick={onOpen}
      title={overall.problems.map(text).join('\n') || undefined}
    >
      <span className="overall-head" role="status" aria-live="polite">
        <span className="dot" aria-hidden="true" />
        {t(`overall.level.${overall.level}`)}
      </span>
      {first && (
        <span className="overall-problem">
          {text(first)}
          {rest.length > 0 && <span className="overall-more"> {t('overall.more', { count: rest.length })}</span>}
        </span>
      )}
    </button>
  );
}
