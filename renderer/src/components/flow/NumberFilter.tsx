import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { WaNumber } from '../../../../shared/dto';

/** "Nomor WA": only the messages one WhatsApp number received or sent. Shown only with more than one number. */
export function NumberFilter({
  numbers,
  value,
  onChange,
}: {
  numbers: WaNumber[];
  value: string | undefined;
  onChange: (number: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const uid = useId();
  return (
    <div className="filter filter-narrow filter-number">
      <label htmlFor={`${uid}-number`}>{t('flowNumbers.filter')}</label>
      <select id={`${uid}-number`} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t('flowNumbers.all')}</option>
        {numbers.map((n) => (
          <option key={n.id} value={n.id}>
            {n.name}
          </option>
        ))}
      </select>
    </div>
  );
}
