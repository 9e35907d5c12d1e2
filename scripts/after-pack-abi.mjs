// electron-builder afterPack hook (electron-builder.yml: afterPack): fails `npm run dist` when a native module
// in the packaged app is not built for the packaged Electron. A Node-ABI better-sqlite3 in the installer
// would only fail on the shop PC, at first launch, as "was compiled against a different Node.js version".
//
// The ABI is read from the binary itself, so the check works for every target platform on any build machine:
// a Node addon exports node_register_module_v<ABI> (ELF, PE and Mach-O all keep the name as text), an N-API
// addon (keytar) exports napi_register_module_v1 and loads in any runtime.
import { Buffer } from 'node:buffer';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** { kind: 'node', abi } | { kind: 'napi' } | null (not a Node addon) */
export function addonAbi(bytes) {
  const text = Buffer.isBuffer(bytes) ? bytes.toString('latin1') : String(bytes);
  const abis = [...new Set([...text.matchAll(/node_register_module_v(\d+)/g)].map((m) => m[1]))];
  if (abis.length === 1) return { kind: 'node', abi: abis[0] };
  if (abis.length > 1) return { kind: 'node', abi: abis.join('+') };
  if (/napi_register_module_v\d+/.test(text)) return { kind: 'napi' };
  return null;
}

function walk(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const file = join(dir, name);
    return statSync(file).isDirectory() ? walk(file) : [file];
  });
}

/** Every .node file under `dir`, each with a problem line or null. */
export function checkAddons(dir, electronAbi) {
  return walk(dir)
    .filter((f) => f.endsWith('.node'))
    .map((file) => {
      const found = addonAbi(readFileSync(file));
      const rel = relative(dir, file).split('\\').join('/');
      if (!found) return { file: rel, problem: 'is not a Node addon (no node_register_module or napi symbol)' };
      if (found.kind === 'napi') return { file: rel, problem: null, abi: 'napi' };
      if (found.abi !== String(electronAbi))
        return { file: rel, problem: `is built for ABI ${found.abi}, Electron needs ${electronAbi}`, abi: found.abi };
      return { file: rel, problem: null, abi: found.abi };
    });
}

/** The ABI of an Electron version (node-abi's table; the electron package's own file as a fallback). */
export function electronAbiOf(version) {
  const require = createRequire(join(root, 'package.json'));
  try {
    return String(require('node-abi').getAbi(version, 'electron'));
  } catch {
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
    if (pkg.version !== version) throw new Error(`no ABI known for Electron ${version}`);
    return readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
  }
}

/** Must find at least better-sqlite3: an app without its database driver is not an app. */
export function verdict(results, electronAbi) {
  const problems = results.filter((r) => r.problem).map((r) => `${r.file} ${r.problem}`);
  if (!results.some((r) => /better_sqlite3\.node$/.test(r.file)))
    problems.push('better_sqlite3.node is missing from the package');
  return { ok: problems.length === 0, problems, electronAbi };
}

export default async function afterPack(context) {
  const version = context.packager.info.framework.version;
  const electronAbi = electronAbiOf(version);
  const results = checkAddons(context.appOutDir, electronAbi);
  const { ok, problems } = verdict(results, electronAbi);
  for (const r of results) console.log(`  • native module ${r.file}: ${r.abi === 'napi' ? 'N-API' : `ABI ${r.abi}`}`);
  if (!ok) {
    throw new Error(
      `native modules in ${context.appOutDir} are not built for Electron ${version} (ABI ${electronAbi}):\n` +
        problems.map((p) => `  ${p}`).join('\n') +
        '\nRun `node scripts/native-abi.mjs electron` (or delete node_modules and `npm ci`), then `npm run dist` again.',
    );
  }
  console.log(`after-pack: native modules match Electron ${version} (ABI ${electronAbi})`);
}
