import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOL_FORM } from '../../../shared/settings-meta';
import { loadBootConfig, parseFlags, resolveSettings, validatePatch } from '../../../electron/core/config/load';
import { DEFINITIONS, defaultSettings } from '../../../electron/core/config/schema';
import { AppError } from '../../../electron/core/kernel/errors';

const boot = (argv: string[], env: Record<string, string> = {}) => loadBootConfig(argv, { HOME: '/home/x', ...env });

describe('configuration', () => {
  it('has the WhatsApp Center defaults', () => {
    const d = defaultSettings();
    expect(d.otomaxDefaultKodeTerminal).toBe(1);
    expect(d.otomaxForwardIncoming).toBe(true);
    expect(d.otomaxForwardOutgoing).toBe(false);
    expect(d.otomaxForwardGroups).toBe(false);
    expect(d.otomaxForwardMedia).toBe(false);
    expect(d.otomaxAutoReplyEnabled).toBe(true);
    expect(d.host).toBe('127.0.0.1');
    expect(d.port).toBe(3000);
    expect(d.retentionDays).toBe(90);
    expect(d.whatsapp).toBe('baileys');
  });

  it('uses exactly the env names of the WhatsApp Center it replaces', () => {
    const envs = Object.values(DEFINITIONS).map((d) => d.env);
    for (const name of [
      'OTOMAX_ENABLED',
      'OTOMAX_API_URL',
      'OTOMAX_APP_ID',
      'OTOMAX_DEFAULT_RESELLER',
      'OTOMAX_DEFAULT_KODE_TERMINAL',
      'OTOMAX_FORWARD_INCOMING',
      'OTOMAX_FORWARD_OUTGOING',
      'OTOMAX_FORWARD_GROUPS',
      'OTOMAX_FORWARD_MEDIA',
      'OTOMAX_AUTO_REPLY_ENABLED',
    ]) {
      expect(envs).toContain(name);
    }
  });

  it('takes flag over env over saved over default', () => {
    const b = boot(['--otomax-default-kode-terminal=7', '--port', '4000'], {
      OTOMAX_DEFAULT_KODE_TERMINAL: '5',
      OTOMAX_DEFAULT_RESELLER: 'R1',
      JEMBATAN_PORT: '5000',
    });
    const r = resolveSettings(b, {
      otomaxDefaultKodeTerminal: 3,
      otomaxDefaultReseller: 'SAVED',
      retentionDays: 30,
      otomaxForwardGroups: true,
    });
    expect(r.values.otomaxDefaultKodeTerminal).toBe(7);
    expect(r.sources.otomaxDefaultKodeTerminal).toBe('flag');
    expect(r.values.port).toBe(4000);
    expect(r.values.otomaxDefaultReseller).toBe('R1');
    expect(r.sources.otomaxDefaultReseller).toBe('env');
    expect(r.values.retentionDays).toBe(30);
    expect(r.sources.retentionDays).toBe('saved');
    expect(r.values.otomaxForwardGroups).toBe(true);
    expect(r.values.otomaxForwardMedia).toBe(false);
    expect(r.sources.otomaxForwardMedia).toBe('default');
  });

  it('parses booleans the way env files write them', () => {
    expect(boot(['--otomax-enabled=true']).overrides.otomaxEnabled).toBe(true);
    expect(boot(['--otomax-enabled']).overrides.otomaxEnabled).toBe(true);
    expect(boot([], { OTOMAX_ENABLED: '0' }).overrides.otomaxEnabled).toBe(false);
    expect(boot(['--debug=true']).overrides.debug).toBe(true);
  });

  it('says the same about switches as the README: true or false, and the synonyms it takes', () => {
    for (const v of ['yes', '1', 'on', 'ON'])
      expect(boot([], { OTOMAX_FORWARD_GROUPS: v }).overrides.otomaxForwardGroups).toBe(true);
    for (const v of ['no', '0', 'off'])
      expect(boot([`--otomax-forward-incoming=${v}`]).overrides.otomaxForwardIncoming).toBe(false);
    let message = '';
    try {
      boot([], { OTOMAX_ENABLED: 'maybe' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(`OTOMAX_ENABLED: expected ${BOOL_FORM}, got "maybe"`);
    for (const word of ['yes', 'no', '1', '0', 'on', 'off']) expect(BOOL_FORM).toContain(word);
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`takes ${BOOL_FORM}.`);
  });

  it('stops on a bad value with one line naming the variable and the expected form', () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [
        [],
        { OTOMAX_API_URL: 'not a url' },
        /^OTOMAX_API_URL: expected a URL like http:\/\/localhost:5000\/, got "not a url"$/,
      ],
      [['--port=abc'], {}, /^--port: expected a port number 0 to 65535, got "abc"$/],
      [['--port=70000'], {}, /^--port: expected a port number/],
      [[], { OTOMAX_DEFAULT_KODE_TERMINAL: '1.5' }, /^OTOMAX_DEFAULT_KODE_TERMINAL: expected a whole number/],
      [[], { OTOMAX_FORWARD_GROUPS: 'maybe' }, /^OTOMAX_FORWARD_GROUPS: expected true or false/],
      [['--whatsapp=telegram'], {}, /^--whatsapp: expected baileys or simulated/],
    ];
    for (const [argv, env, message] of cases) {
      let error: unknown;
      try {
        boot(argv, env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('CONFIG_INVALID');
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('refuses unknown flags and stray arguments', () => {
    expect(() => parseFlags(['--otomax-ap-url=x'])).toThrow(/unknown flag --otomax-ap-url/);
    expect(() => parseFlags(['serve'])).toThrow(/unexpected argument "serve"/);
  });

  it('takes secrets from flags or env for this run only', () => {
    const b = boot(['--otomax-app-key=k1'], { OTOMAX_DEV_KEY: 'd1', JEMBATAN_API_KEY: 'api' });
    expect(b.secrets).toEqual({ otomaxAppKey: 'k1', otomaxDevKey: 'd1', apiKey: 'api' });
    expect(JSON.stringify(b.overrides)).not.toContain('k1');
  });

  it('takes the simulated WhatsApp feed from --whatsapp-sim-feed or its env var, a ws:// URL, never a setting', () => {
    const url = 'ws://127.0.0.1:4000/feed';
    expect(boot([`--whatsapp-sim-feed=${url}`]).simFeed).toBe(url);
    expect(boot([], { JEMBATAN_WHATSAPP_SIM_FEED: url }).simFeed).toBe(url);
    expect(boot(['--whatsapp-sim-feed=ws://flag:1/'], { JEMBATAN_WHATSAPP_SIM_FEED: url }).simFeed).toBe(
      'ws://flag:1/',
    );
    expect(boot([]).simFeed).toBeUndefined();
    expect(boot([`--whatsapp-sim-feed=${url}`]).overrides).toEqual({});
    expect(() => boot(['--whatsapp-sim-feed=http://127.0.0.1:4000/'])).toThrow(
      /--whatsapp-sim-feed: expected a URL like ws:\/\/127.0.0.1:4000\/feed, got "http:\/\/127.0.0.1:4000\/"/,
    );
    expect(() => boot([], { JEMBATAN_WHATSAPP_SIM_FEED: 'nope' })).toThrow(/^JEMBATAN_WHATSAPP_SIM_FEED: expected/);
  });

  it('puts the data in --data-dir or the platform folder', () => {
    expect(boot(['--data-dir=/tmp/j']).dataDir).toBe('/tmp/j');
    expect(boot([], { XDG_CONFIG_HOME: '/cfg' }).dataDir).toBe('/cfg/Jembatan');
  });

  it('validates a patch field by field', () => {
    const r = validatePatch({ port: 'x', retentionDays: 0, otomaxApiUrl: 'http://h:5000/', nope: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field).sort()).toEqual(['nope', 'port', 'retentionDays']);
    // Names from the object prototype are not settings either.
    expect(validatePatch({ toString: 1, constructor: 2 })).toEqual({
      ok: false,
      errors: [
        { field: 'toString', message: 'unknown setting' },
        { field: 'constructor', message: 'unknown setting' },
      ],
    });
    const good = validatePatch({ retentionDays: '30', otomaxForwardGroups: 'true' });
    expect(good).toEqual({ ok: true, value: { retentionDays: 30, otomaxForwardGroups: true } });
  });
});
