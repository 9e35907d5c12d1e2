/**
 * The headless host as the built app runs it: electron/headless.ts bundled by Vite (the bundler electron-vite uses
 * for the app's main process, dependencies left in node_modules as there), the migrations copied next to it, run
 * by plain node. No TypeScript compiled at start, as in the installed app.
 */
import { cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Build the bundle into `outDir` (inside the project, so node finds node_modules); returns the entry file. */
export async function buildHeadless(outDir: string): Promise<string> {
  const out = resolve(ROOT, outDir);
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
