import type { TFunction } from 'i18next';

/**
 * The engine's reasons for a refused recipient row (electron/core/qontak/recipients.ts writes them in English,
 * for the REST API and the logs) in the owner's language. A reason not listed here is shown as it came.
 */
const RULES: { re: RegExp; key: string; vars: (m: RegExpExecArray, t: TFunction) => Record<string, string> }[] = [
  { re: /^missing phone number$/, key: 'missingPhone', vars: () => ({}) },
  { re: /^bad phone number$/, key: 'badPhone', vars: () => ({}) },
  { re: /^name longer than (\d+) characters$/, key: 'nameTooLong', vars: (m) => ({ max: m[1] ?? '' }) },
  {
    re: /^expected (\d+) values? after the name, found (\d+)$/,
    key: 'columns',
    vars: (m) => ({ want: m[1] ?? '', found: m[2] ?? '' }),
  },
  {
    re: /^expected (\d+) parameters?, found (\d+)$/,
    key: 'paramCount',
    vars: (m) => ({ want: m[1] ?? '', found: m[2] ?? '' }),
  },
  {
    re: /^expected (\d+) header parameters?, found (\d+)$/,
    key: 'headerCount',
    vars: (m) => ({ want: m[1] ?? '', found: m[2] ?? '' }),
  },
  {
    re: /^expected (\d+) link button values?, found (\d+)$/,
    key: 'buttonCount',
    vars: (m) => ({ want: m[1] ?? '', found: m[2] ?? '' }),
  },
  { re: /^(header )?empty parameter \{\{(\d+)\}\}$/, key: 'paramEmpty', vars: (m, t) => slot(m, t) },
  {
    re: /^(header )?parameter \{\{(\d+)\}\} longer than (\d+) characters$/,
    key: 'paramTooLong',
    vars: (m, t) => ({ ...slot(m, t), max: m[3] ?? '' }),
  },
  {
    re: /^(header )?parameter \{\{(\d+)\}\} has a line break, a tab or 5\+ spaces$/,
    key: 'paramSpaces',
    vars: (m, t) => slot(m, t),
  },
  { re: /^empty value for link button (\d+)$/, key: 'buttonEmpty', vars: (m) => ({ n: m[1] ?? '' }) },
  { re: /^link button (\d+) value has a space or line break$/, key: 'buttonSpace', vars: (m) => ({ n: m[1] ?? '' }) },
  {
    re: /^link button (\d+) value longer than (\d+) characters$/,
    key: 'buttonTooLong',
    vars: (m) => ({ n: m[1] ?? '', max: m[2] ?? '' }),
  },
  { re: /^duplicate of row (\d+)$/, key: 'duplicate', vars: (m) => ({ row: m[1] ?? '' }) },
];

function slot(m: RegExpExecArray, t: TFunction): Record<string, string> {
  const n = m[2] ?? '';
  return { slot: m[1] ? t('broadcastMore.reject.headerSlot', { n }) : `{{${n}}}` };
}

export function rejectReason(t: TFunction, reason: string): string {
  for (const rule of RULES) {
    const m = rule.re.exec(reason);
    if (m) return t(`broadcastMore.reject.${rule.key}`, { ...rule.vars(m, t), interpolation: { escapeValue: false } });
  }
  return reason;
}
