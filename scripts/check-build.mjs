#!/usr/bin/env node
// Run after `npm run build` (CI): checks the electron-vite output is what the app and electron-builder expect.
// Every failed check is listed; the exit code is 1 when any failed.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import process from 'node:process';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));

function walk(dir, filter) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) return walk(file, filter);
    return filter(file) ? [file] : [];
  });
}

const read = (file) => readFileSync(file, 'utf8');

/** Bare specifiers a bundle loads at run time: static imports, dynamic imports, require and createRequire. */
export function runtimeSpecifiers(code) {
  const found = new Set();
  const patterns = [
    /^\s*import\s+(?:[\w$*{},\s]+\s+from\s+)?["']([^"']+)["']/gm,
    /^\s*export\s+[\w$*{},\s]+\s+from\s+["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
    /createRequire\([^)]*\)\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.add(m[1]);
  return [...found].filter((s) => !s.startsWith('.') && !s.startsWith('/'));
}

export function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** electron-builder's own loader and JSON-schema validation when reachable, else a YAML parse and key check. */
async function validateBuilderConfig() {
  const file = join(root, 'electron-builder.yml');
  if (!existsSync(file)) return 'missing electron-builder.yml';
  let config;
  try {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    config = await getConfig(root, file, null);
    await validateConfiguration(config, new DebugLogger(false));
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') {
      console.warn('check-build: electron-builder is not installed: checking electron-builder.yml keys only');
      config = require('js-yaml').load(read(file));
    } else {
      return e instanceof Error ? e.message : String(e);
    }
  }
  const problems = [];
  if (config.appId !== 'id.jembatan.app') problems.push(`appId is ${config.appId}`);
  if (config.productName !== 'Jembatan') problems.push(`productName is ${config.productName}`);
  if (config.directories?.output !== 'release') problems.push('directories.output must be release');
  // electron-builder's loader turns the list into [{ filter: [...] }]; a plain YAML parse keeps strings.
  const files = [config.files ?? []].flat().flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])));
  if (!files.includes('out/**')) problems.push('files must include out/**');
  const unpack = [config.asarUnpack ?? []].flat();
  for (const p of ['**/*.node', 'node_modules/better-sqlite3/**', 'node_modules/keytar/**']) {
    if (!unpack.includes(p)) problems.push(`asarUnpack must include ${p}`);
  }
  if (config.nsis?.oneClick !== false || config.nsis?.perMachine !== false)
    problems.push('nsis must be oneClick: false, perMachine: false');
  // The installer must never carry a native module built for Node instead of Electron.
  if (config.afterPack !== './scripts/after-pack-abi.mjs')
    problems.push('afterPack must be ./scripts/after-pack-abi.mjs (the native ABI check)');
  if (config.electronFuses?.grantFileProtocolExtraPrivileges !== false)
    problems.push('electronFuses.grantFileProtocolExtraPrivileges must be false');
  return problems.length ? problems.join('; ') : null;
}

/** Every check over the build output; returns [passed names, failure lines]. */
export async function runChecks() {
  const failures = [];
  const passes = [];
  const check = (name, fn) => {
    try {
      const problem = fn();
      if (problem) failures.push(`${name}: ${problem}`);
      else passes.push(name);
    } catch (e) {
      failures.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const pkg = JSON.parse(read(join(root, 'package.json')));
  const mainFile = join(root, pkg.main ?? '');
  const outMain = join(root, 'out', 'main');

  check(`package.json main (${pkg.main}) exists`, () =>
    existsSync(mainFile) ? null : `missing ${pkg.main}; run npm run build`,
  );

  check('main bundle and its chunks are all in out/main itself', () => {
    const scripts = walk(outMain, (f) => /\.(c|m)?js$/.test(f)).map((f) => relative(root, f));
    const nested = scripts.filter((f) => resolve(root, f, '..') !== outMain);
    // open.ts finds migrations/ next to import.meta.url: a chunk in a subfolder would look in the wrong folder.
    return nested.length ? `chunks in a subfolder: ${nested.join(', ')}` : null;
  });

  check('main bundle does not load Baileys at start (only when a real WhatsApp session starts)', () => {
    // Baileys' entry (WAProto, libsignal, the socket) is 40-54 MB of RSS; its jid-utils module is all start needs.
    const eager = runtimeSpecifiers(read(mainFile).replace(/\bimport\(\s*["'][^"']+["']\s*\)/g, '')).filter(
      (s) => s === '@whiskeysockets/baileys' || (packageName(s) === '@whiskeysockets/baileys' && !/jid-utils/.test(s)),
    );
    return eager.length ? `imports ${eager.join(', ')} statically` : null;
  });

  check('migrations are emitted next to the main bundle', () => {
    const src = readdirSync(join(root, 'electron', 'core', 'db', 'migrations')).filter((f) => f.endsWith('.sql'));
    const outDir = join(outMain, 'migrations');
    if (!src.length) return 'no migrations in electron/core/db/migrations';
    const missing = src.filter((f) => !existsSync(join(outDir, f)));
    if (missing.length) return `missing out/main/migrations/${missing.join(', ')}`;
    const stale = src.filter(
      (f) => read(join(outDir, f)) !== read(join(root, 'electron', 'core', 'db', 'migrations', f)),
    );
    return stale.length ? `out of date: ${stale.join(', ')}` : null;
  });

  check('main bundle resolves migrations relative to itself', () =>
    /fileURLToPath\(import\.meta\.url\)\)?,\s*["']migrations["']/.test(read(mainFile))
      ? null
      : 'did not find join(dirname(fileURLToPath(import.meta.url)), "migrations") in the main bundle',
  );

  check('tray and window icons are emitted next to the main bundle', () => {
    const want = [
      'icon.png',
      'tray-on.png',
      'tray-on@2x.png',
      'tray-off.png',
      'tray-off@2x.png',
      'tray-on.ico',
      'tray-off.ico',
      'trayTemplate.png',
      'trayTemplate@2x.png',
    ];
    const missing = want.filter((f) => !existsSync(join(outMain, 'icons', f)));
    return missing.length ? `missing out/main/icons/${missing.join(', ')}` : null;
  });

  check('main bundle does not contain the renderer', () => {
    const code = read(mainFile);
    const leaks = [];
    if (/^\/\/ renderer\//m.test(code)) leaks.push('renderer/ modules');
    for (const name of ['react', 'react-dom', 'react-i18next', 'i18next', '@tanstack/react-virtual']) {
      if (runtimeSpecifiers(code).some((s) => packageName(s) === name)) leaks.push(name);
    }
    return leaks.length ? `found ${leaks.join(', ')}` : null;
  });

  check('main bundle loads only Node built-ins, electron and production dependencies', () => {
    const allowed = new Set([...Object.keys(pkg.dependencies ?? {}), 'electron']);
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const code = walk(outMain, (f) => /\.(c|m)?js$/.test(f))
      .map(read)
      .join('\n');
    const bad = runtimeSpecifiers(code).filter((s) => !builtins.has(s) && !allowed.has(packageName(s)));
    // A devDependency used at run time is missing from the packaged app.
    return bad.length ? `not in package.json dependencies: ${[...new Set(bad.map(packageName))].join(', ')}` : null;
  });

  check('preload is one CommonJS file that requires only electron', () => {
    const dir = join(root, 'out', 'preload');
    const files = walk(dir, (f) => /\.(c|m)?js$/.test(f));
    const cjs = files.filter((f) => f.endsWith('.cjs'));
    if (cjs.length !== 1 || files.length !== 1)
      return `expected exactly one .cjs in out/preload, found ${files.map((f) => relative(root, f)).join(', ') || 'none'}`;
    const code = read(cjs[0]);
    if (/^\s*(import|export)\s/m.test(code)) return 'contains ESM import/export (sandboxed preloads must be CommonJS)';
    const bad = runtimeSpecifiers(code).filter((s) => s !== 'electron');
    return bad.length ? `requires ${bad.join(', ')} (a sandboxed preload may require only electron)` : null;
  });

  check('main process points at the built preload', () => {
    const preload = walk(join(root, 'out', 'preload'), (f) => f.endsWith('.cjs')).map((f) =>
      relative(join(root, 'out', 'preload'), f),
    );
    return preload.every((p) => read(mainFile).includes(p)) ? null : `main bundle does not name ${preload.join(', ')}`;
  });

  check('renderer is built', () => {
    const html = join(root, 'out', 'renderer', 'index.html');
    if (!existsSync(html)) return 'missing out/renderer/index.html';
    const refs = [...read(html).matchAll(/(?:src|href)="(\.?\/?assets\/[^"]+)"/g)].map((m) => m[1]);
    const missing = refs.filter((r) => !existsSync(join(root, 'out', 'renderer', r)));
    return missing.length ? `index.html names missing files: ${missing.join(', ')}` : null;
  });

  check("electron/core never imports 'electron'", () => {
    const files = walk(join(root, 'electron', 'core'), (f) => /\.(ts|mts|cts|js|mjs)$/.test(f));
    const re = /(?:from\s+|import\(\s*|require\(\s*)["']electron(?:\/[^"']*)?["']/;
    const bad = files.filter((f) => re.test(read(f))).map((f) => relative(root, f));
    return bad.length ? bad.join(', ') : null;
  });

  check('icons for the installers exist', () => {
    const want = ['build/icon.ico', 'build/icon.png', 'build/icons/256x256.png', 'build/icons/512x512.png'];
    const missing = want.filter((f) => !existsSync(join(root, f)));
    return missing.length ? `missing ${missing.join(', ')} (node scripts/make-icons.mjs)` : null;
  });

  const builderProblem = await validateBuilderConfig().catch((e) => (e instanceof Error ? e.message : String(e)));
  if (builderProblem) failures.push(`electron-builder.yml: ${builderProblem}`);
  else passes.push('electron-builder.yml is valid');
  return { passes, failures };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename);
if (isMain) {
  const { passes, failures } = await runChecks();
  for (const p of passes) console.log(`ok   ${p}`);
  for (const f of failures) console.error(`FAIL ${f}`);
  if (failures.length) {
    console.error(`check-build: ${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log(`check-build: all ${passes.length} checks passed`);
}
