import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { id } from '../../renderer/src/i18n/id';

/** A path TypeScript does not follow: the file belongs to the node test project, vitest loads it all the same. */
const E2E_TEXTS = '../e2e/numbers-texts';

/** Every leaf of `copy` must equal the same path in `source`. */
function drift(copy: object, source: object, path = ''): string[] {
  return Object.entries(copy).flatMap(([k, v]) => {
    const s = (source as Record<string, unknown>)[k];
    if (typeof v === 'object' && v !== null) return drift(v, (s ?? {}) as object, `${path}${k}.`);
    return v === s ? [] : [`${path}${k}: ${JSON.stringify(v)} != ${JSON.stringify(s)}`];
  });
}

describe('the numbers e2e texts', () => {
  it('are the window’s own words in both languages', async () => {
    const { NUMBERS_TEXTS } = (await import(/* @vite-ignore */ E2E_TEXTS)) as {
      NUMBERS_TEXTS: { id: object; en: object };
    };
    expect(drift(NUMBERS_TEXTS.id, id)).toEqual([]);
    expect(drift(NUMBERS_TEXTS.en, en)).toEqual([]);
  });
});
