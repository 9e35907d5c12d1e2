import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = resolve(import.meta.dirname, '../../../scripts/native-abi.mjs');

interface Spec {
  command: string;
  args: string[];
  shell: boolean;
}
interface NativeAbi {
  spawnSpec(command: string, args: string[], platform: string): Spec;
  npmCommand(env: Record<string, string>, platform: string, execPath: string): { command: string; prefix: string[] };
  quoteForCmd(word: string): string;
}
const load = async () => (await import(pathToFileURL(script).href)) as NativeAbi;

/**
 * A project under a folder with a space (C:\Users\Toko Jaya\...) and a Node under another (C:\Program
 * Files\nodejs\...): the fake @electron/rebuild stands in for the compile and writes what the real one writes.
 */
function spacedProject(): { root: string; node: string } {
  const base = mkdtempSync(join(tmpdir(), 'jembatan abi '));
  const root = join(base, 'Users', 'Toko Jaya', 'jembatan');
  const mods = join(root, 'node_modules');
  mkdirSync(join(mods, 'electron'), { recursive: true });
  writeFileSync(join(mods, 'electron', 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  writeFileSync(join(mods, 'electron', 'abi_version'), '150');
  mkdirSync(join(mods, '@electron', 'rebuild', 'lib'), { recursive: true });
  writeFileSync(
    join(mods, '@electron', 'rebuild', 'lib', 'cli.js'),
    [
      "const { mkdirSync, writeFileSync } = require('node:fs');",
      "const dir = require('node:path').join(process.cwd(), 'node_modules', 'better-sqlite3', 'build', 'Release');",
      'mkdirSync(dir, { recursive: true });',
      "writeFileSync(require('node:path').join(dir, 'better_sqlite3.node'), 'node_register_module_v150');",
      "writeFileSync(require('node:path').join(dir, '.forge-meta'), process.platform + '--' + process.arch + '--150');",
      "writeFileSync(require('node:path').join(process.cwd(), 'rebuilt-with.json'), JSON.stringify(process.argv.slice(2)));",
    ].join('\n'),
  );
  mkdirSync(join(base, 'Program Files', 'nodejs'), { recursive: true });
  const node = join(base, 'Program Files', 'nodejs', process.platform === 'win32' ? 'node.exe' : 'node');
  copyFileSync(process.execPath, node);
  return { root, node };
}

describe('native-abi from paths with spaces', () => {
  it('starts Node without a shell on Windows, and only npm.cmd through one, quoted', async () => {
    const abi = await load();
    const node = 'C:\\Program Files\\nodejs\\node.exe';
    const cli = 'C:\\Users\\Toko Jaya\\jembatan\\node_modules\\@electron\\rebuild\\lib\\cli.js';
    expect(abi.spawnSpec(node, [cli, '-f'], 'win32')).toEqual({ command: node, args: [cli, '-f'], shell: false });
    expect(abi.spawnSpec('npm.cmd', ['rebuild', 'better-sqlite3'], 'win32')).toEqual({
      command: 'npm.cmd rebuild better-sqlite3',
      args: [],
      shell: true,
    });
    expect(abi.spawnSpec('C:\\Program Files\\nodejs\\npm.cmd', ['rebuild'], 'win32').command).toBe(
      '"C:\\Program Files\\nodejs\\npm.cmd" rebuild',
    );
    expect(abi.quoteForCmd('a "b"')).toBe('"a ""b"""');
    // Started by npm: npm's own script under this Node, no shell at all.
    expect(abi.npmCommand({ npm_execpath: 'C:\\Program Files\\nodejs\\npm-cli.js' }, 'win32', node)).toEqual({
      command: node,
      prefix: ['C:\\Program Files\\nodejs\\npm-cli.js'],
    });
    expect(abi.npmCommand({}, 'win32', node)).toEqual({ command: 'npm.cmd', prefix: [] });
  });

  it('switches to Electron from a project and a Node whose paths have spaces (as Windows would run it)', () => {
    const { root, node } = spacedProject();
    // The Windows code path (platform 'win32'), run by a Node binary under "Program Files".
    const runner = [
      `const { ensureAbi } = await import(${JSON.stringify(pathToFileURL(script).href)});`,
      `console.log('action=' + ensureAbi('electron', process.cwd(), console.log, 'win32'));`,
    ].join('\n');
    const r = spawnSync(node, ['--input-type=module', '-e', runner], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr + r.stdout).toContain('action=rebuild');
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'rebuilt-with.json'), 'utf8'))).toEqual(['-f', '-w', 'better-sqlite3']);
    const marker = JSON.parse(readFileSync(join(root, 'node_modules', '.jembatan-abi.json'), 'utf8')) as {
      build: { target: string; version: string };
    };
    expect(marker.build).toMatchObject({ target: 'electron', version: '45.4.1' });
  });

  it('clears the rebuild stamp when switching back to Node, and brings it back only with Electron binaries', () => {
    const { root, node } = spacedProject();
    const release = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release');
    const stamp = join(release, '.forge-meta');
    const runIt = (target: string) =>
      spawnSync(
        node,
        [
          '--input-type=module',
          '-e',
          `const { ensureAbi } = await import(${JSON.stringify(pathToFileURL(script).href)});
           console.log('action=' + ensureAbi(${JSON.stringify(target)}, process.cwd(), console.log));`,
        ],
        { cwd: root, encoding: 'utf8', timeout: 60_000 },
      );
    expect(runIt('electron').stdout).toContain('action=rebuild');
    expect(existsSync(stamp)).toBe(true);

    // Back to Node from the cache (what `npm test` does after `npm start`): Node binaries, no stamp.
    const nodeCache = join(
      root,
      'node_modules',
      '.cache',
      'jembatan-abi',
      `node-abi${process.versions.modules}-${process.platform}-${process.arch}`,
    );
    mkdirSync(join(nodeCache, 'better-sqlite3', 'build', 'Release'), { recursive: true });
    writeFileSync(
      join(nodeCache, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
      'node_register_module_v115',
    );
    writeFileSync(
      join(nodeCache, 'files.json'),
      JSON.stringify({ 'better-sqlite3/build/Release/better_sqlite3.node': 'x' }),
    );
    const back = runIt('node');
    // The fake binary cannot load in Node, so the switch tries npm rebuild and ends in an error; what it
    // restored stays, and the stamp is gone before anything else happens.
    expect(back.stdout + back.stderr).toContain(`cached node-abi${process.versions.modules}`);
    expect(readFileSync(join(release, 'better_sqlite3.node'), 'utf8')).toBe('node_register_module_v115');
    expect(existsSync(stamp)).toBe(false);

    // Electron again from its cache: its binaries and the stamp written with them.
    expect(runIt('electron').stdout).toContain('action=restore');
    expect(readFileSync(join(release, 'better_sqlite3.node'), 'utf8')).toBe('node_register_module_v150');
    expect(readFileSync(stamp, 'utf8')).toBe(`${process.platform}--${process.arch}--150`);
  });

  it('when compiling fails, says exactly what a Windows developer must install', () => {
    const { root, node } = spacedProject();
    writeFileSync(join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js'), 'process.exit(1);');
    const runner = `const { ensureAbi } = await import(${JSON.stringify(pathToFileURL(script).href)});
      try { ensureAbi('electron', process.cwd(), console.log, 'win32'); } catch (e) { console.log(e.message); }`;
    const r = spawnSync(node, ['--input-type=module', '-e', runner], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toContain('no prebuilt better-sqlite3 was found for Electron 45.4.1');
    expect(r.stdout).toContain('better-sqlite3-v<version>-electron-v150-win32-');
    expect(r.stdout).toContain('Visual Studio 2022 Build Tools with "Desktop development with C++" and Python 3');
  });
});
