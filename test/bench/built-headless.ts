/**
 * The headless host as the built app runs it: electron/headless.ts bundled by Vite (the bundler electron-vite uses
 * for the app's main process, dependencies left in node_modules as there), the migrations copied next to it, run
 * by plain node. No TypeScript compiled at start, as in the installed app.
 */
import { cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** One build per folder and bench process: the sections that run the built engine share it (issue 15's 3 minutes). */
const builds = new Map<string, Promise<string>>();

/** Build the bundle into `outDir` (inside the project, so node finds node_modules); returns the entry file. */
export function buildHeadless(outDir: string): Promise<string> {
  const out = resolve(ROOT, outDir);
  let built = builds.get(out);
  if (!built) {
    built = buildInto(out);
    builds.set(out, built);
    // A failed build is not kept: the next section tries again.
    built.catch(() => builds.delete(out));
  }
  return built;
}

async function buildInto(out: string): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    build: {
      ssr: 'electron/headless.ts',
      outDir: out,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      // Chunks (the Baileys session, loaded when a real WhatsApp session starts) beside the entry, as in out/main.
      rollupOptions: { output: { format: 'es', entryFileNames: 'headless.mjs', chunkFileNames: '[name]-[hash].mjs' } },
    },
  });
  cpSync(join(ROOT, 'electron', 'core', 'db', 'migrations'), join(out, 'migrations'), { recursive: true });
  const entry = join(out, 'headless.mjs');
  if (!existsSync(entry)) throw new Error(`no bundle at ${entry}`);
  return entry;
}
