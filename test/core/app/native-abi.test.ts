import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';

interface Build {
  target: 'node' | 'electron';
  abi: string | null;
  version: string;
}
interface Marker {
  build: Build;
  files: Record<string, string>;
}
interface NativeAbi {
  MARKER: string;
  wantedBuild(
    target: string,
    facts: { nodeAbi: string; nodeVersion: string; electronVersion: string | null; electronAbi: string | null },
  ): Build;
  sameBuild(a: Build | null, b: Build | null): boolean;
  sameFiles(a: Record<string, string> | null, b: Record<string, string> | null): boolean;
  decide(input: {
    wanted: Build;
    marker: Marker | null;
    files: Record<string, string>;
    cachedFiles: Record<string, string> | null;
    loadsInNode: () => boolean;
  }): 'none' | 'write-marker' | 'restore' | 'rebuild';
  cacheKey(build: Build, platform?: string, arch?: string): string;
  fingerprint(modulesDir: string, modules?: string[]): Record<string, string>;
  ensureAbi(target: string, root: string, log?: (line: string) => void): string;
}

// A plain .mjs script (it runs before anything is built), loaded by URL so TypeScript does not need its types.
let abi: NativeAbi;
beforeAll(async () => {
  abi = (await import(
    pathToFileURL(resolve(import.meta.dirname, '../../../scripts/native-abi.mjs')).href
  )) as NativeAbi;
});

const node: Build = { target: 'node', abi: '115', version: '20.20.2' };
const electron: Build = { target: 'electron', abi: '140', version: '45.4.1' };
const files = { 'better-sqlite3/build/Release/better_sqlite3.node': 'aa' };

describe('native-abi decisions', () => {
  it('names what each target needs', () => {
    const facts = { nodeAbi: '115', nodeVersion: '20.20.2', electronVersion: '45.4.1', electronAbi: '140' };
    expect(abi.wantedBuild('node', facts)).toEqual(node);
    expect(abi.wantedBuild('electron', facts)).toEqual(electron);
    expect(() => abi.wantedBuild('bun', facts)).toThrow(/usage/);
    expect(() => abi.wantedBuild('electron', { ...facts, electronVersion: null })).toThrow(/electron is not installed/);
  });

  it('treats Node builds with the same ABI as the same, Electron builds by version', () => {
    expect(abi.sameBuild(node, { ...node, version: '20.99.0' })).toBe(true);
    expect(abi.sameBuild(node, { ...node, abi: '127' })).toBe(false);
    expect(abi.sameBuild(electron, { ...electron, version: '45.5.0' })).toBe(false);
    expect(abi.sameBuild(node, electron)).toBe(false);
    expect(abi.sameBuild(null, node)).toBe(false);
  });

  it('does nothing when the marker matches the binaries on disk', () => {
    const loads = vi.fn(() => true);
    expect(
      abi.decide({
        wanted: electron,
        marker: { build: electron, files },
        files,
        cachedFiles: null,
        loadsInNode: loads,
      }),
    ).toBe('none');
    expect(
      abi.decide({ wanted: node, marker: { build: node, files }, files, cachedFiles: null, loadsInNode: loads }),
    ).toBe('none');
    expect(loads).not.toHaveBeenCalled();
  });

  it('on a fresh install for Node only writes the marker when better-sqlite3 loads', () => {
    expect(abi.decide({ wanted: node, marker: null, files, cachedFiles: null, loadsInNode: () => true })).toBe(
      'write-marker',
    );
    expect(abi.decide({ wanted: node, marker: null, files, cachedFiles: null, loadsInNode: () => false })).toBe(
      'rebuild',
    );
  });

  it('switching targets restores cached binaries when it has them, else rebuilds', () => {
    const marker = { build: node, files };
    expect(abi.decide({ wanted: electron, marker, files, cachedFiles: null, loadsInNode: () => true })).toBe('rebuild');
    expect(abi.decide({ wanted: electron, marker, files, cachedFiles: { x: 'bb' }, loadsInNode: () => true })).toBe(
      'restore',
    );
    const back = { build: electron, files };
    expect(abi.decide({ wanted: node, marker: back, files, cachedFiles: { x: 'cc' }, loadsInNode: () => false })).toBe(
      'restore',
    );
  });

  it('does not trust a marker whose binaries changed since (npm rebuild, npm install)', () => {
    const changed = { 'better-sqlite3/build/Release/better_sqlite3.node': 'zz' };
    expect(
      abi.decide({
        wanted: electron,
        marker: { build: electron, files },
        files: changed,
        cachedFiles: null,
        loadsInNode: () => false,
      }),
    ).toBe('rebuild');
    expect(abi.sameFiles({}, {})).toBe(false);
  });

  it('keys the cache by target, ABI or version, platform and arch', () => {
    expect(abi.cacheKey(node, 'win32', 'x64')).toBe('node-abi115-win32-x64');
    expect(abi.cacheKey(electron, 'linux', 'arm64')).toBe('electron-45.4.1-linux-arm64');
  });
});

describe('ensureAbi on a project folder', () => {
  const realModules = resolve(import.meta.dirname, '../../../node_modules');

  it('with the real better-sqlite3 for Node: writes the marker without rebuilding, then does nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'jembatan-abi-'));
    mkdirSync(join(root, 'node_modules'));
    for (const name of ['better-sqlite3', 'bindings', 'file-uri-to-path', 'keytar', 'electron']) {
      symlinkSync(join(realModules, name), join(root, 'node_modules', name), 'junction');
    }
    const log = vi.fn();
    expect(abi.ensureAbi('node', root, log)).toBe('write-marker');
    const marker = JSON.parse(readFileSync(join(root, abi.MARKER), 'utf8')) as Marker;
    expect(marker.build).toMatchObject({ target: 'node', abi: process.versions.modules });
    expect(Object.keys(marker.files)).toContain('better-sqlite3/build/Release/better_sqlite3.node');
    expect(abi.ensureAbi('node', root, log)).toBe('none');
  });

  it('switching to Electron restores binaries cached earlier (no compiler, no network)', () => {
    const root = mkdtempSync(join(tmpdir(), 'jembatan-abi-'));
    const mods = join(root, 'node_modules');
    const release = join(mods, 'better-sqlite3', 'build', 'Release');
    mkdirSync(release, { recursive: true });
    mkdirSync(join(mods, 'electron'), { recursive: true });
    writeFileSync(join(mods, 'electron', 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
    writeFileSync(join(mods, 'electron', 'abi_version'), '140');
    writeFileSync(join(release, 'better_sqlite3.node'), 'built-for-node');
    const cacheDir = join(
      mods,
      '.cache',
      'jembatan-abi',
      abi.cacheKey({ target: 'electron', abi: '140', version: '45.4.1' }),
    );
    mkdirSync(join(cacheDir, 'better-sqlite3', 'build', 'Release'), { recursive: true });
    writeFileSync(join(cacheDir, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'built-for-electron');
    writeFileSync(
      join(cacheDir, 'files.json'),
      JSON.stringify({ 'better-sqlite3/build/Release/better_sqlite3.node': 'x' }),
    );

    expect(abi.ensureAbi('electron', root, vi.fn())).toBe('restore');
    expect(readFileSync(join(release, 'better_sqlite3.node'), 'utf8')).toBe('built-for-electron');
    const marker = JSON.parse(readFileSync(join(root, abi.MARKER), 'utf8')) as Marker;
    expect(marker.build).toEqual({ target: 'electron', abi: '140', version: '45.4.1' });
    expect(abi.ensureAbi('electron', root, vi.fn())).toBe('none');
    expect(existsSync(join(cacheDir, 'files.json'))).toBe(true);
  });
});
