import { describe, expect, it } from 'vitest';
import { formatOtomaxExp, parseOtomaxExp } from '../../../electron/core/otomax/exp';

describe('_exp text', () => {
  it('is RFC 3339 UTC without the fraction, for ordinary and far years alike, and reads back to the second', () => {
    expect(formatOtomaxExp(Date.parse('2025-10-18T20:30:30.999Z'))).toBe('2025-10-18T20:30:30Z');
    expect(formatOtomaxExp(Date.parse('2026-01-05T00:00:00.000Z'))).toBe('2026-01-05T00:00:00Z');
    expect(formatOtomaxExp(Date.UTC(10_000, 0, 1))).toBe('+010000-01-01T00:00:00Z');
    expect(formatOtomaxExp(Date.UTC(-1, 0, 1))).toBe('-000001-01-01T00:00:00Z');
    for (let ms = Date.parse('2026-03-01T00:00:00Z'), i = 0; i < 500; i++, ms += 7_919) {
      const text = formatOtomaxExp(ms);
      expect(text).toBe(new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));
      expect(parseOtomaxExp(text)).toBe(Math.floor(ms / 1000) * 1000);
    }
  });
});
