import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

interface Result {
  file: string;
  problem: string | null;
  abi?: string;
}
interface AfterPack {
  addonAbi(bytes: Buffer): { kind: 'node'; abi: string } | { kind: 'napi' } | null;
  checkAddons(dir: string, electronAbi: string): Result[];
  verdict(results: Result[], electronAbi: string): { ok: boolean; problems: string[] };
  electronAbiOf(version: string): string;
  default(context: { appOutDir: string; packager: { info: { framework: { version: string } } } }): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../../..');
let hook: AfterPack;
beforeAll(async () => {
  hook = (await import(pathToFileURL(join(ROOT, 'scripts', 'after-pack-abi.mjs')).href)) as AfterPack;
});

/** A packaged app folder the way electron-builder lays out Windows: resources/app.asar.unpacked/node_modules. */
function packaged(files: Record<string, Buffer | string>): string {
  const out = mkdtempSync(join(tmpdir(), 'jembatan-pack-'));
  const unpacked = join(out, 'resources', 'app.asar.unpacked', 'node_modules');
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(unpacked, rel, '..'), { recursive: true });
    writeFileSync(join(unpacked, rel), content);
  }
  return out;
}

const SQLITE = 'better-sqlite3/build/Release/better_sqlite3.node';
const KEYTAR = 'keytar/build/Release/keytar.node';

describe('after-pack native ABI check', () => {
  it('reads the ABI from the real binaries: better-sqlite3 for this Node, keytar N-API', () => {
    const sqlite = join(ROOT, 'node_modules', SQLITE);
    const out = mkdtempSync(join(tmpdir(), 'jembatan-pack-'));
    copyFileSync(sqlite, join(out, 'better_sqlite3.node'));
    expect(hook.checkAddons(out, process.versions.modules)).toEqual([
      { file: 'better_sqlite3.node', problem: null, abi: process.versions.modules },
    ]);
    expect(hook.addonAbi(Buffer.from('..._napi_register_module_v1...'))).toEqual({ kind: 'napi' });
    expect(hook.addonAbi(Buffer.from('nothing here'))).toBeNull();
  });

  it("fails a package holding Node's better-sqlite3 instead of Electron's", async () => {
    const electronAbi = hook.electronAbiOf('45.4.1');
    expect(electronAbi).toBe('150');
    const out = packaged({
      [SQLITE]: Buffer.from('\0node_register_module_v115\0'),
      [KEYTAR]: Buffer.from('\0napi_register_module_v1\0'),
    });
    const { ok, problems } = hook.verdict(hook.checkAddons(out, electronAbi), electronAbi);
    expect(ok).toBe(false);
    expect(problems).toEqual([
      'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node is built for ABI 115, Electron needs 150',
    ]);
    await expect(
      hook.default({ appOutDir: out, packager: { info: { framework: { version: '45.4.1' } } } }),
    ).rejects.toThrow(/not built for Electron 45\.4\.1 \(ABI 150\)/);
  });

  it('passes a package built for Electron, and fails one with no database driver at all', async () => {
    const good = packaged({
      [SQLITE]: Buffer.from('\0node_register_module_v150\0'),
      [KEYTAR]: Buffer.from('\0napi_register_module_v1\0'),
    });
    await expect(
      hook.default({ appOutDir: good, packager: { info: { framework: { version: '45.4.1' } } } }),
    ).resolves.toBeUndefined();
    const empty = packaged({ [KEYTAR]: Buffer.from('\0napi_register_module_v1\0') });
    expect(hook.verdict(hook.checkAddons(empty, '150'), '150').problems).toEqual([
      'better_sqlite3.node is missing from the package',
    ]);
  });
});
