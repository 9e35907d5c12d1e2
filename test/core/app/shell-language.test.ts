import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createShellLanguage, readShellLanguage } from '../../../electron/app/shell-language';
import { tempDir } from '../../helpers/tmp';

const dirs: Array<{ cleanup: () => void }> = [];
const fresh = () => {
  const d = tempDir('jembatan-shell-lang-');
  dirs.push(d);
  return d.dir;
};
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

describe('the shell follows the window language', () => {
  it('starts in Indonesian with no file, or with one that is broken or not ours', () => {
    const dir = fresh();
    const file = join(dir, 'window-language.json');
    expect(createShellLanguage(file).get()).toBe('id');
    expect(createShellLanguage(file).chromiumLocale()).toBe('id');
    for (const text of ['{"language":"en"', '{"language":"fr"}', '["en"]', '', '{"lang":"en"}']) {
      writeFileSync(file, text);
      expect(readShellLanguage(file), text).toBe('id');
    }
  });

  it("keeps the window's choice for the next start and tells the tray at once", () => {
    const dir = fresh();
    const file = join(dir, 'profile', 'window-language.json');
    const lang = createShellLanguage(file);
    const heard: string[] = [];
    const off = lang.onChange((l) => heard.push(l));
    expect(lang.set('en')).toBe(true);
    expect(lang.get()).toBe('en');
    expect(heard).toEqual(['en']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ language: 'en' });
    // The next start: read before the app is ready, Chromium's --lang from it.
    const next = createShellLanguage(file);
    expect(next.get()).toBe('en');
    expect(next.chromiumLocale()).toBe('en-US');
    // Each window load says the language again: no write, no event.
    expect(lang.set('en')).toBe(true);
    expect(heard).toEqual(['en']);
    off();
    expect(lang.set('id')).toBe(true);
    expect(heard).toEqual(['en']);
    expect(readShellLanguage(file)).toBe('id');
    // Only the file: no temporary one left beside it.
    expect(readdirSync(join(dir, 'profile'))).toEqual(['window-language.json']);
  });

  it('refuses anything but id and en, and changes nothing', () => {
    const dir = fresh();
    const file = join(dir, 'window-language.json');
    const lang = createShellLanguage(file);
    for (const bad of ['fr', 'EN', '', null, undefined, 1, { language: 'en' }, ['en']]) {
      expect(lang.set(bad), String(bad)).toBe(false);
    }
    expect(lang.get()).toBe('id');
    expect(existsSync(file)).toBe(false);
  });

  it('a file it cannot write: the tray still follows and the failure is reported', () => {
    // A folder where the file should be: nothing can be renamed over it, for root too (CI runs as root).
    const dir = fresh();
    const file = join(dir, 'window-language.json');
    mkdirSync(file);
    const errors: unknown[] = [];
    const lang = createShellLanguage(file, (e) => errors.push(e));
    expect(lang.set('en')).toBe(true);
    expect(lang.get()).toBe('en');
    expect(errors).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['window-language.json']);
  });
});
