import type { ReactNode } from 'react';
import { CopyButton } from './CopyButton';

/** A value the owner copies elsewhere (an address, a key): read-only, selected on focus, with a copy button. */
export function CopyField({
  value,
  label,
  testId,
  children,
}: {
  value: string;
  label: string;
  testId: string;
  children?: ReactNode;
}) {
  return (
    <div className="input-row">
      <input
        className="mono"
        readOnly
        value={value}
        aria-label={label}
        data-testid={testId}
        onFocus={(e) => e.target.select()}
      />
      {value && <CopyButton text={value} />}
      {children}
    </div>
  );
}
