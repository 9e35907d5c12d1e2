import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../lib/format';

/** The 8 characters to type on the phone, grouped 4-4 as WhatsApp shows them. */
export function CodePanel({ code, phone }: { code: string; phone: string | undefined }) {
  const { t } = useTranslation();
  const shown = code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
  return (
    <div className="code-panel">
      <p className="hint">{t('pairing.codeFor', { phone: formatPhone(phone ?? null) })}</p>
      <p className="pairing-code" data-testid="pairing-code" aria-label={code.split('').join(' ')}>
        {shown}
      </p>
      <ol className="steps">
        <li>{t('pairing.codeStep1')}</li>
        <li>{t('pairing.codeStep2')}</li>
        <li>{t('pairing.codeStep3')}</li>
        <li>{t('pairing.codeStep4')}</li>
      </ol>
    </div>
  );
}
