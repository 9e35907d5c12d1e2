import { NEEDS_CHECK_FILTER, type FlowFilter, type FlowRow } from '../../../shared/dto';

/**
 * Apply rows that arrived as events, oldest first: a known id is replaced where it stands, a new one goes on top.
 * One pass over the list however many arrived, so a burst stays cheap with 100,000 rows listed.
 */
export function mergeRows(rows: readonly FlowRow[], incoming: readonly FlowRow[]): { rows: FlowRow[]; added: number } {
  if (incoming.length === 0) return { rows: rows as FlowRow[], added: 0 };
  const latest = new Map<string, FlowRow>();
  for (const r of incoming) latest.set(r.id, r);
  let changed = false;
  const kept = rows.map((r) => {
    const update = latest.get(r.id);
    if (!update) return r;
    latest.delete(r.id);
    changed = true;
    return update;
  });
  const fresh = [...latest.values()].reverse();
  if (!fresh.length && !changed) return { rows: rows as FlowRow[], added: 0 };
  return { rows: fresh.length ? [...fresh, ...kept] : kept, added: fresh.length };
}

/** The same test the engine applies to log:page, for rows that arrive as events. */
export function matchesFilter(row: FlowRow, f: FlowFilter): boolean {
  if (f.direction && row.direction !== f.direction) return false;
  if (f.number !== undefined && row.numberId !== f.number) return false;
  if (f.status === NEEDS_CHECK_FILTER) {
    if (row.status !== 'failed' || !row.uncertain) return false;
  } else if (f.status === 'sender_unknown') {
    // As the engine counts it: no number found, or OtomaX answered 41 (not a reseller).
    if (row.status !== 'sender_unknown' && row.otomaxStatus !== 41) return false;
  } else if (f.status && row.status !== f.status && String(row.otomaxStatus ?? '') !== f.status) return false;
  if (f.phone && !phoneMatches(row.phone ?? '', f.phone)) return false;
  if (f.from !== undefined && row.time < f.from) return false;
  if (f.to !== undefined && row.time > f.to) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    const hay = `${row.text}\n${row.name ?? ''}\n${row.replyText ?? ''}\n${row.otomaxDesc ?? ''}`.toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

/** Drop empty fields so the engine sees only what the owner typed. */
export function cleanFilter(f: FlowFilter): FlowFilter {
  const out: FlowFilter = {};
  if (f.phone?.trim()) out.phone = f.phone.trim();
  if (f.status) out.status = f.status;
  if (f.text?.trim()) out.text = f.text.trim();
  if (f.direction) out.direction = f.direction;
  if (f.number) out.number = f.number;
  if (f.from !== undefined) out.from = f.from;
  if (f.to !== undefined) out.to = f.to;
  return out;
}

/** Owners type 0812…; the log holds 62812…: both find the same rows. */
function phoneMatches(phone: string, query: string): boolean {
  const digits = query.replace(/\D/g, '');
  if (!digits) return phone.includes(query);
  const international = digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
  return phone.includes(international) || phone.includes(digits);
}
