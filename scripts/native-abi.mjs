#!/usr/bin/env node
// Keep the native modules built for the runtime about to use them:
//   node scripts/native-abi.mjs node       tests, headless, benchmarks (Node's ABI)
//   node scripts/native-abi.mjs electron   npm start, npm run dist (Electron's ABI)
// better-sqlite3 is compiled against one ABI at a time. A marker (node_modules/.jembatan-abi.json) records
// which one, with a hash of the binaries, so nothing is rebuilt unless the target changes; the binaries of
// each target are kept in node_modules/.cache/jembatan-abi/ so switching back is a copy, not a compile.
// For Electron, @electron/rebuild first asks prebuild-install for a published binary (keytar is N-API: one
// binary for every runtime; better-sqlite3 publishes one per Electron major it supports) and compiles only
// when there is none, which needs a C++ toolchain (see README, "Menjalankan dari kode sumber").
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

export const MODULES = ['better-sqlite3', 'keytar'];
export const MARKER = join('node_modules', '.jembatan-abi.json');
export const CACHE = join('node_modules', '.cache', 'jembatan-abi');
/**
 * @electron/rebuild's stamp: "<platform>--<arch>--<abi>" in build/Release/.forge-meta. When it matches, a
 * later rebuild (electron-builder's, at package time) skips the module, trusting the binary next to it.
 */
export const STAMP = '.forge-meta';

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

/** Quote one word for cmd.exe (the only shell used, and only for a .cmd file). */
export function quoteForCmd(word) {
  return /^[\w\-.,:/\\=@+]+$/.test(word) ? word : `"${String(word).replace(/"/g, '""')}"`;
}

/**
 * How to start `command args` so that a path with spaces (C:\Program Files\nodejs\node.exe, a project under
 * C:\Users\Toko Jaya\) stays one argument: no shell at all, except for a .cmd/.bat file on Windows, which
 * only cmd.exe can run (Node refuses them without a shell since CVE-2024-27980); then every word is quoted.
 */
export function spawnSpec(command, args, platform = process.platform) {
  if (platform === 'win32' && /\.(cmd|bat)$/i.test(command)) {
    return { command: [command, ...args].map(quoteForCmd).join(' '), args: [], shell: true };
  }
  return { command, args, shell: false };
}

/** npm itself: its own script under this Node when npm started us (no shell), else npm / npm.cmd. */
export function npmCommand(env = process.env, platform = process.platform, execPath = process.execPath) {
  const cli = env.npm_execpath;
  if (cli && /\.c?js$/i.test(cli)) return { command: execPath, prefix: [cli] };
  return { command: platform === 'win32' ? 'npm.cmd' : 'npm', prefix: [] };
}

export function run(command, args, root, platform = process.platform) {
  console.log(`native-abi: ${[command, ...args].join(' ')}`);
  const spec = spawnSpec(command, args, platform);
  const r = spawnSync(spec.command, spec.args, { cwd: root, stdio: 'inherit', shell: spec.shell });
  if (r.error) throw new Error(`${command} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/**
 * keytar is an N-API addon: the binary `npm ci` produced loads in Node and in Electron alike, so only
 * better-sqlite3 (tied to one ABI) is rebuilt for Electron.
 */
export const ELECTRON_REBUILD = ['better-sqlite3'];

/** What a developer needs when no prebuilt binary exists and compiling failed. */
export function toolchainHelp(build, platform = process.platform, arch = process.arch) {
  const asset = `better-sqlite3-v<version>-electron-v${build.abi ?? '<abi>'}-${platform}-${arch}.tar.gz`;
  const tools =
    platform === 'win32'
      ? 'Visual Studio 2022 Build Tools with "Desktop development with C++" and Python 3 (winget install Microsoft.VisualStudio.2022.BuildTools --override "--passive --add Microsoft.VisualStudio.Workload.VCTools --includeRecommended", then winget install Python.Python.3.12)'
      : platform === 'darwin'
        ? 'the Xcode Command Line Tools (xcode-select --install) and Python 3'
        : 'python3, make and g++ (apt install python3 make g++)';
  return (
    `no prebuilt better-sqlite3 was found for Electron ${build.version} (${asset} on GitHub), so it had to be ` +
    `compiled, and compiling failed. Install ${tools}, then run npm start again.`
  );
}

function rebuild(build, root, platform) {
  if (build.target === 'node') {
    const npm = npmCommand(process.env, platform);
    run(npm.command, [...npm.prefix, 'rebuild', ...MODULES], root, platform);
  } else {
    // @electron/rebuild asks prebuild-install for a published binary first; it compiles only without one.
    const cli = join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js');
    try {
      run(process.execPath, [cli, '-f', '-w', ELECTRON_REBUILD.join(',')], root, platform);
    } catch (e) {
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n${toolchainHelp(build, platform)}`);
    }
  }
}

/** The rebuild stamps present now, relative to node_modules. */
export function stamps(modulesDir, modules = MODULES) {
  return modules.map((name) => `${name}/build/Release/${STAMP}`).filter((rel) => existsSync(join(modulesDir, rel)));
}

/** A stamp left from another build would make a later rebuild skip binaries that are not Electron's. */
export function clearStamps(modulesDir, modules = MODULES) {
  for (const rel of stamps(modulesDir, modules)) rmSync(join(modulesDir, rel), { force: true });
}

/** Bring the binaries to `target`. Returns the action taken. */
export function ensureAbi(target, root = process.cwd(), log = console.log, platform = process.platform) {
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

  clearStamps(modulesDir);
  if (action === 'restore') {
    copyBinaries(cacheDir, modulesDir, cached);
    // Only a stamp cached with these very binaries (written by @electron/rebuild when it built them) returns.
    const cachedStamps = readJson(join(cacheDir, 'stamps.json'));
    if (Array.isArray(cachedStamps))
      copyBinaries(cacheDir, modulesDir, Object.fromEntries(cachedStamps.map((s) => [s, ''])));
    if (wanted.target === 'node' && !loadsInNode(root)) {
      log(`native-abi: cached ${cacheKey(wanted)} binaries do not load; rebuilding`);
      rebuild(wanted, root, platform);
    } else {
      log(`native-abi: restored ${MODULES.join(', ')} built for ${cacheKey(wanted)}`);
    }
  } else if (action === 'rebuild') {
    log(`native-abi: rebuilding ${MODULES.join(', ')} for ${wanted.target} ${wanted.version}`);
    rebuild(wanted, root, platform);
  }
  if (wanted.target === 'node') {
    if (!loadsInNode(root)) throw new Error('better-sqlite3 still does not load in Node after the rebuild');
    if (!keytarLoadsInNode(root))
      log('native-abi: keytar does not load here (no libsecret?): the keychain will be unavailable');
  }

  const files = fingerprint(modulesDir);
  mkdirSync(cacheDir, { recursive: true });
  if (wanted.target === 'node') clearStamps(modulesDir);
  copyBinaries(modulesDir, cacheDir, files);
  const stamped = wanted.target === 'electron' ? stamps(modulesDir) : [];
  copyBinaries(modulesDir, cacheDir, Object.fromEntries(stamped.map((s) => [s, ''])));
  writeFileSync(join(cacheDir, 'stamps.json'), `${JSON.stringify(stamped)}\n`);
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
