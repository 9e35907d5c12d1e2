import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { TrayLanguage } from './overall-text';

/** What the window sends when its language is chosen or loaded (anything else is refused). */
export const shellLanguageSchema = z.enum(['id', 'en']);
const fileSchema = z.object({ language: shellLanguageSchema });

/**
 * The window's language, for what the shell shows itself: the tray, desktop notifications, and Chromium's own
 * words (a date field's format, its calendar). The window keeps its choice in its own storage and tells the shell
 * on every load and change; the shell keeps a copy in a file so that the next start can speak it before the window
 * exists: the tray appears first, and Chromium's language is fixed by a switch before the app is ready.
 * Indonesian until the window says otherwise, whatever the system's language: the window starts in Indonesian too.
 */
export interface ShellLanguage {
  get(): TrayLanguage;
  /** The window's word: false (and nothing changes) unless it is 'id' or 'en'. */
  set(input: unknown): boolean;
  /** Called after each change; returns the unsubscribe. */
  onChange(listener: (lang: TrayLanguage) => void): () => void;
  /** Chromium's `--lang` for this language (takes effect at the next start). */
  chromiumLocale(): string;
}

/** The language kept in `file`: Indonesian when the file is missing, unreadable or not ours. */
export function readShellLanguage(file: string): TrayLanguage {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.language : 'id';
  } catch {
    return 'id';
  }
}

/**
 * Keep `file` in step with the window. A failed write is reported through `onWriteError` and changes nothing but
 * the next start's language (the tray follows at once either way).
 */
export function createShellLanguage(file: string, onWriteError: (e: unknown) => void = () => undefined): ShellLanguage {
  let current = readShellLanguage(file);
  const listeners = new Set<(lang: TrayLanguage) => void>();
  const save = (lang: TrayLanguage) => {
    // A new file renamed over the old one: a crash mid-write leaves the old file whole, never half of one.
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(tmp, `${JSON.stringify({ language: lang })}\n`);
      renameSync(tmp, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      onWriteError(e);
    }
  };
  return {
    get: () => current,
    set(input) {
      const parsed = shellLanguageSchema.safeParse(input);
      if (!parsed.success) return false;
      // The same word again (every window load says it): nothing to keep or tell.
      if (parsed.data === current) return true;
      current = parsed.data;
      save(current);
      for (const listener of [...listeners]) listener(current);
      return true;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    chromiumLocale: () => (current === 'en' ? 'en-US' : 'id'),
  };
}
