import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmButtonProps {
  children: ReactNode;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
  disabled?: boolean;
  danger?: boolean;
  /** The screen's main action (send). */
  primary?: boolean;
}

/** A button that asks once, inline (no browser confirm(): it blocks the window and breaks automation). */
export function ConfirmButton({
  children,
  question,
  confirmLabel,
  onConfirm,
  busy,
  disabled,
  danger,
  primary,
}: ConfirmButtonProps) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className={`btn ${danger ? 'btn-danger' : primary ? 'btn-primary' : 'btn-secondary'}`}
        disabled={disabled || busy}
        aria-busy={busy || undefined}
        onClick={() => setAsking(true)}
      >
        {children}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="btn btn-ghost" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
