import { describe, expect, it } from 'vitest';
import { appFlagNames, splitArgs, userArgs } from '../../../electron/app/argv';
import { loadBootConfig } from '../../../electron/core/config/load';

describe('userArgs', () => {
  it('drops the app path that `electron .` puts in argv[1]', () => {
    expect(userArgs(['/x/electron', '.', '--port=1'], true)).toEqual(['--port=1']);
  });
  it('keeps everything after the executable of a packaged app', () => {
    expect(userArgs(['C:\\Jembatan\\Jembatan.exe', '--port=1'], false)).toEqual(['--port=1']);
  });
});

describe('splitArgs', () => {
  it('knows every flag of the config schema, secrets included', () => {
    const names = appFlagNames();
    for (const flag of [
      'port',
      'host',
      'data-dir',
      'debug',
      'log-level',
      'whatsapp',
      'otomax-api-url',
      'api-key',
      'qontak-client-secret',
    ]) {
      expect(names.has(flag)).toBe(true);
    }
  });

  it('drops Chromium and Electron switches and positional arguments', () => {
    const { bootArgs } = splitArgs([
      '--inspect=9229',
      '--no-sandbox',
      '--remote-debugging-port=9222',
      '--original-process-start-time=13370000000000000',
      '--allow-file-access-from-files',
      'C:\\some\\file.txt',
      '-psn_0_12345',
      '--',
      '--port=3001',
    ]);
    expect(bootArgs).toEqual(['--port=3001']);
  });

  it('keeps the value of a kept `--name value` flag and drops the value of a dropped one', () => {
    expect(splitArgs(['--data-dir', 'D:\\jembatan data', '--js-flags', '--max-old-space-size=4096']).bootArgs).toEqual([
      '--data-dir',
      'D:\\jembatan data',
    ]);
    expect(splitArgs(['--unknown', 'value', '--debug']).bootArgs).toEqual(['--debug']);
  });

  it('passes --otomax-* and --qontak-* through, so bootstrap reports a mistyped one', () => {
    const { bootArgs } = splitArgs(['--otomax-api-urll=http://x/', '--qontak-rate=3']);
    expect(bootArgs).toEqual(['--otomax-api-urll=http://x/', '--qontak-rate=3']);
    expect(() => loadBootConfig(bootArgs, {})).toThrow(/unknown flag --otomax-api-urll/);
  });

  it('takes --hidden for the shell and never hands it to bootstrap', () => {
    expect(splitArgs(['--hidden', '--port=3001'])).toEqual({ bootArgs: ['--port=3001'], hidden: true });
    expect(splitArgs([]).hidden).toBe(false);
  });

  it('produces argv that bootstrap accepts', () => {
    const { bootArgs } = splitArgs(['--no-sandbox', '--port', '3005', '--inspect=1', '--debug', '--api-key=k']);
    const boot = loadBootConfig(bootArgs, {});
    expect(boot.overrides.port).toBe(3005);
    expect(boot.overrides.debug).toBe(true);
    expect(boot.secrets.apiKey).toBe('k');
  });
});
