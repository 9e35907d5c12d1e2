import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { rendererConfig } from './vite.renderer.config';

const root = import.meta.dirname;

interface CopySpec {
  /** Folder to read, relative to the project root. */
  from: string;
  /** Folder inside the bundle's output directory. */
  to: string;
  match: RegExp;
}

/**
 * Emit files the main bundle reads at run time next to it: electron/core/db/open.ts looks for
 * `migrations/` beside import.meta.url (out/main/migrations/NNN_name.sql), the tray and window icons
 * are read from out/main/icons/.
 */
function copyBesideBundle(specs: CopySpec[]): Plugin {
  return {
    name: 'jembatan:copy-beside-bundle',
    generateBundle() {
      for (const spec of specs) {
        const dir = resolve(root, spec.from);
        for (const name of readdirSync(dir)
          .filter((f) => spec.match.test(f))
          .sort()) {
          const file = join(dir, name);
          this.addWatchFile(file);
          this.emitFile({ type: 'asset', fileName: `${spec.to}/${name}`, source: readFileSync(file) });
        }
      }
    },
  };
}

export default defineConfig({
  main: {
    plugins: [
      copyBesideBundle([
        { from: 'electron/core/db/migrations', to: 'migrations', match: /^\d{3}_[\w-]+\.sql$/ },
        { from: 'build/tray', to: 'icons', match: /\.(png|ico)$/ },
        { from: 'build', to: 'icons', match: /^icon\.png$/ },
      ]),
    ],
    build: {
      outDir: resolve(root, 'out/main'),
      // Dependencies stay in node_modules (native modules, pino's worker transports, Baileys).
      externalizeDeps: true,
      rolldownOptions: {
        input: { main: resolve(root, 'electron/main.ts') },
        // main.js, and beside it (never in a subfolder: open.ts finds migrations/ relative to import.meta.url) the
        // chunks loaded on demand: the Baileys session loads only when a real WhatsApp session starts
        // (whatsapp/lazy-baileys-session.ts). Inlined, its static import of Baileys would load at start.
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload is one CommonJS script that may require only 'electron'.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(root, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      // electron-vite's preset would look for src/renderer/index.html; name the entry outright.
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
