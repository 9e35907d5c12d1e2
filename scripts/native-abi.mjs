#!/usr/bin/env node
// Keep the native modules built for the runtime about to use them:
//   node scripts/native-abi.mjs node       tests, headless, benchmarks (Node's ABI)
//   node scripts/native-abi.mjs electron   npm start, npm run dist (Electron's ABI)
// better-sqlite3 is compiled against one ABI at a time. A marker (node_modules/.jembatan-abi.json) records
// which one, with a hash of the binaries, so nothing is rebuilt unless the target changes; the binaries of
// each target are kept in node_modules/.cache/jembatan-abi/ so switching back is a copy, not a compile.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

export const MODULES = ['better-sqlite3', 'keytar'];
export const MARKER = join('node_modules', '.jembatan-abi.json');
export const CACHE = join('node_modules', '.cache', 'jembatan-abi');

/** What the binaries must be built for. */
export function wantedBuild(target, facts) {
  if (target === 'node') return { target, abi: facts.nodeAbi, version: facts.nodeVersion };
  if (target === 'electron') {
    if (!facts.electronVersion) throw new Error('electron is not installed (node_modules/electron/package.json)');
    return { target, abi: facts.electronAbi ?? null, version: facts.electronVersion };
  }
  throw new Error(`usage: node scripts/native-abi.mjs node|electron (got "${target ?? ''}")`);
}

/** Node binaries work for every Node with the same ABI; Electron's are tied to the Electron version. */
export function sameBuild(a, b) {
  if (!a || !b || a.target !== b.target) return false;
  return a.target === 'node' ? String(a.abi) === String(b.abi) : a.version === b.version;
}

export function sameFiles(a, b) {
  if (!a || !b) return false;
  const keys = Object.keys(a).sort();
  return keys.length > 0 && keys.join('\n') === Object.keys(b).sort().join('\n') && keys.every((k) => a[k] === b[k]);
}

/**
 * The one decision: 'none' | 'write-marker' | 'restore' | 'rebuild'.
 * - the marker names the wanted build and the binaries are the ones it hashed: nothing to do;
 * - for Node, loading better-sqlite3 is the proof: it loads, so only the marker is missing or stale (a fresh
 *   `npm ci` costs nothing);
 * - binaries for the wanted build were cached earlier: copy them back;
 * - otherwise rebuild.
 */
export function decide({ wanted, marker, files, cachedFiles, loadsInNode }) {
  if (marker && sameBuild(marker.build, wanted) && sameFiles(marker.files, files)) return 'none';
  if (wanted.target === 'node' && loadsInNode()) return 'write-marker';
  if (cachedFiles && Object.keys(cachedFiles).length > 0) return 'restore';
  return 'rebuild';
}

export function cacheKey(build, platform = process.platform, arch = process.arch) {
  return `${build.target}-${build.target === 'node' ? `abi${build.abi}` : build.version}-${platform}-${arch}`;
}

/** Every compiled binary of the native modules, relative to node_modules, with its sha256. */
export function fingerprint(modulesDir, modules = MODULES) {
  const out = {};
  for (const name of modules) {
    const release = join(modulesDir, name, 'build', 'Release');
    if (!existsSync(release)) continue;
    for (const file of readdirSync(release)
      .filter((f) => f.endsWith('.node'))
      .sort()) {
      const rel = `${name}/build/Release/${file}`;
      out[rel] = createHash('sha256')
        .update(readFileSync(join(release, file)))
        .digest('hex');
    }
  }
  return out;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export function facts(root) {
  const electronPkg = readJson(join(root, 'node_modules', 'electron', 'package.json'));
  let electronAbi = null;
  try {
    electronAbi = readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim() || null;
  } catch {
    electronAbi = null;
  }
  return {
    nodeAbi: process.versions.modules,
    nodeVersion: process.versions.node,
    electronVersion: electronPkg?.version ?? null,
    electronAbi,
  };
}

/** Load better-sqlite3 in a fresh Node (the current process may already hold another build in memory). */
export function loadsInNode(root) {
  const probe =
    "const D = require('better-sqlite3'); const db = new D(':memory:'); db.prepare('select 1').get(); db.close();";
  const r = spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore', timeout: 60_000 });
  return r.status === 0;
}

function keytarLoadsInNode(root) {
  const r = spawnSync(process.execPath, ['-e', "require('keytar')"], { cwd: root, stdio: 'ignore', timeout: 60_000 });
  return r.status === 0;
}

function copyBinaries(fromDir, toDir, files) {
  for (const rel of Object.keys(files)) {
    mkdirSync(join(toDir, rel, '..'), { recursive: true });
    copyFileSync(join(fromDir, rel), join(toDir, rel));
  }
}

function run(command, args, root) {
  console.log(`native-abi: ${[command, ...args].join(' ')}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function rebuild(build, root) {
  if (build.target === 'node') {
    run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', ...MODULES], root);
  } else {
    // @electron/rebuild fetches Electron's headers (or a prebuilt binary) for the installed Electron version.
    const cli = join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js');
    run(process.execPath, [cli, '-f', '-w', MODULES.join(',')], root);
  }
}

/** Bring the binaries to `target`. Returns the action taken. */
export function ensureAbi(target, root = process.cwd(), log = console.log) {
  const modulesDir = join(root, 'node_modules');
  const wanted = wantedBuild(target, facts(root));
  const markerFile = join(root, MARKER);
  const cacheDir = join(root, CACHE, cacheKey(wanted));
  const cached = readJson(join(cacheDir, 'files.json'));
  const action = decide({
    wanted,
    marker: readJson(markerFile),
    files: fingerprint(modulesDir),
    cachedFiles: cached,
    loadsInNode: () => loadsInNode(root),
  });
  if (action === 'none') return action;

  if (action === 'restore') {
    copyBinaries(cacheDir, modulesDir, cached);
    if (wanted.target === 'node' && !loadsInNode(root)) {
      log(`native-abi: cached ${cacheKey(wanted)} binaries do not load; rebuilding`);
      rebuild(wanted, root);
    } else {
      log(`native-abi: restored ${MODULES.join(', ')} built for ${cacheKey(wanted)}`);
    }
  } else if (action === 'rebuild') {
    log(`native-abi: rebuilding ${MODULES.join(', ')} for ${wanted.target} ${wanted.version}`);
    rebuild(wanted, root);
  }
  if (wanted.target === 'node') {
    if (!loadsInNode(root)) throw new Error('better-sqlite3 still does not load in Node after the rebuild');
    if (!keytarLoadsInNode(root))
      log('native-abi: keytar does not load here (no libsecret?): the keychain will be unavailable');
  }

  const files = fingerprint(modulesDir);
  mkdirSync(cacheDir, { recursive: true });
  copyBinaries(modulesDir, cacheDir, files);
  writeFileSync(join(cacheDir, 'files.json'), `${JSON.stringify(files, null, 2)}\n`);
  writeFileSync(markerFile, `${JSON.stringify({ build: wanted, files, at: new Date().toISOString() }, null, 2)}\n`);
  if (action === 'write-marker') log(`native-abi: binaries already built for ${cacheKey(wanted)}`);
  return action;
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  try {
    ensureAbi(process.argv[2]);
  } catch (e) {
    console.error(`native-abi: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
