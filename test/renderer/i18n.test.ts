import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { id } from '../../renderer/src/i18n/id';

function leaves(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : leaves(v as object, `${prefix}${k}.`),
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('translations', () => {
  it('has the same keys in Indonesian and English, none empty', () => {
    expect(leaves(en).sort()).toEqual(leaves(id).sort());
    for (const lang of [id, en])
      for (const key of leaves(lang))
        expect(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], lang)).not.toBe('');
  });

  it('defines every literal key the window asks for', () => {
    const keys = new Set(leaves(id).map((k) => k.replace(/_(one|other)$/, '')));
    const used = sources(join(import.meta.dirname, '../../renderer/src')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z0-9_.]+)'/g)].map((m) => m[1] as string),
    );
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((k) => !keys.has(k))).toEqual([]);
  });
});
