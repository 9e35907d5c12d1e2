/** Pieces of a template body: plain text and {{n}} placeholders (1-based), for highlighting and previews. */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'slot'; n: number };

export function splitTemplate(body: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const re = /\{\{\s*(\d+)\s*\}\}/g;
  let last = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m.index > last) parts.push({ kind: 'text', text: body.slice(last, m.index) });
    parts.push({ kind: 'slot', n: Number(m[1]) });
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push({ kind: 'text', text: body.slice(last) });
  return parts;
}

export function fillTemplate(body: string, params: readonly string[]): string {
  return splitTemplate(body)
    .map((p) => (p.kind === 'text' ? p.text : (params[p.n - 1] ?? `{{${p.n}}}`)))
    .join('');
}
