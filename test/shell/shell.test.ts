import { existsSync, readdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp';
import { find, MAIN, ROOT, SHELL_API_KEY, startShell, type Rec, type Shell } from './shell-harness';

/**
 * The built out/main/main.js (npm run build) in plain Node against a recording stand-in for `electron`:
 * the first launch on a shop PC, as far as a machine without Electron can take it.
 */

const started: Shell[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const s of started.splice(0)) {
    if (s.proc.exitCode === null && s.proc.signalCode === null) {
      s.proc.kill('SIGKILL');
      await s.exited;
    }
  }
  for (const c of cleanups.splice(0)) c();
});

function shell(o: Omit<Parameters<typeof startShell>[0], 'dir'>): Shell {
  const t = tempDir('jembatan-shell-');
  cleanups.push(t.cleanup);
  const s = startShell({ dir: t.dir, ...o });
  started.push(s);
  return s;
}

const MIGRATIONS = () => readdirSync(join(ROOT, 'out', 'main', 'migrations')).filter((f) => f.endsWith('.sql'));

async function health(url: string): Promise<{ forwarding: { forwarding: boolean } }> {
  const r = await request(`${url}/otomax/health`, { headers: { authorization: `Bearer ${SHELL_API_KEY}` } });
  expect(r.statusCode).toBe(200);
  return ((await r.body.json()) as { results: { forwarding: { forwarding: boolean } } }).results;
}

/** Boot through 'ready' until the engine answers; returns its URL. */
async function boot(s: Shell): Promise<string> {
  await s.waitFor('app.whenReady()', () => find(s.records(), 'app.whenReady'));
  s.send({ cmd: 'ready' });
  const line = await s.waitFor('"engine started" in the log file', () =>
    s.logLines().find((l) => l.msg === 'engine started'),
  );
  return line.url as string;
}

/** No error box, no line logged after the log closed, no dialog. */
function expectCleanRun(s: Shell, records: Rec[]): void {
  expect(records.filter((r) => ['uncaught', 'unhandled-rejection', 'dialog.showErrorBox'].includes(r.kind))).toEqual(
    [],
  );
  expect(records.filter((r) => r.kind === 'warning' && r.code === 'JEMBATAN_LOG_AFTER_CLOSE')).toEqual([]);
  expect(s.stderr()).not.toMatch(/the worker has exited|JEMBATAN_LOG_AFTER_CLOSE|Uncaught|EBADF|EPIPE/);
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm run test:shell does)`);
});

describe('the Electron main bundle, run against a recording electron stand-in', () => {
  it('boots on Windows with a stdout that fails: tray first, engine up, tray toggles forwarding, quit stops cleanly', async () => {
    const s = shell({ stdout: 'broken', platform: 'win32' });
    const url = await boot(s);

    // The app:// scheme is registered before 'ready', the database is migrated.
    let records = s.records();
    expect(find(records, 'protocol.registerSchemesAsPrivileged')).toMatchObject({ schemes: ['app'], appReady: false });
    const db = new Database(join(s.dataDir, 'jembatan.db'), { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS().length);
    } finally {
      db.close();
    }

    // The tray came first, saying it is starting, with the Windows .ico; the engine was ready after it.
    const tray = find(records, 'Tray.new') as Rec;
    expect(tray).toMatchObject({ imageExists: true });
    expect(String(tray.image)).toMatch(/tray-off\.ico$/);
    const firstTip = find(records, 'Tray.setToolTip') as Rec;
    expect(firstTip.text).toBe('Jembatan sedang dimulai…');
    const engineReady = s.logLines().find((l) => l.msg === 'engine ready') as { time: number };
    expect(tray.t).toBeLessThanOrEqual(engineReady.time);
    const menu = find(records, 'Tray.setContextMenu') as Rec & { items: Array<{ label: string; enabled: boolean }> };
    expect(menu.items.find((i) => i.label === 'Teruskan ke OtomaX')).toMatchObject({ enabled: false });
    expect(find(records, 'BaseWindow.new')).toMatchObject({ show: false });

    // The engine answers on its port; the tray leaves "starting" once it does.
    const before = (await health(url)).forwarding.forwarding;
    await s.waitFor('the tray to leave "starting"', () =>
      s.records().find((r) => r.kind === 'Tray.setToolTip' && String(r.text).includes('WhatsApp')),
    );
    await s.waitFor('the forwarding item to be usable', () => {
      const last = s
        .records()
        .filter((r) => r.kind === 'Tray.setContextMenu')
        .at(-1) as (Rec & { items: Array<{ label: string; enabled: boolean }> }) | undefined;
      return last?.items.find((i) => i.label === 'Teruskan ke OtomaX')?.enabled;
    });

    // Forwarding toggled from the tray menu reaches the engine (and back).
    s.send({ cmd: 'menu-click', label: 'Teruskan ke OtomaX' });
    for (let i = 0; i < 100 && (await health(url)).forwarding.forwarding === before; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await health(url)).forwarding.forwarding).toBe(!before);
    await s.waitFor('the tray to show the new state', () =>
      s
        .records()
        .find(
          (r) => r.kind === 'Tray.setToolTip' && String(r.text).endsWith(before ? 'penerusan mati' : 'penerusan aktif'),
        ),
    );
    // Forwarding on with OtomaX not set up stops work: the tray says so and the desktop is told once.
    expect(before).toBe(false);
    await s.waitFor('the overall state in the tray', () =>
      s
        .records()
        .find((r) => r.kind === 'Tray.setToolTip' && String(r.text).includes('Tidak berjalan: OtomaX belum diatur')),
    );
    await s.waitFor('a desktop notification', () => find(s.records(), 'Notification.show'));
    expect(find(s.records(), 'Notification.show')).toMatchObject({ title: 'Jembatan: Tidak berjalan' });
    s.send({ cmd: 'menu-click', label: 'Teruskan ke OtomaX' });
    for (let i = 0; i < 100 && (await health(url)).forwarding.forwarding !== before; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await health(url)).forwarding.forwarding).toBe(before);

    // A second launch and a tray click show the one window, loading the bundle from app://.
    s.send({ cmd: 'second-instance' });
    await s.waitFor('the window', () => find(s.records(), 'BrowserWindow.loadURL'));
    expect(find(s.records(), 'BrowserWindow.loadURL')).toMatchObject({ url: 'app://jembatan/index.html' });
    const shows = () => s.records().filter((r) => r.kind === 'window.show').length;
    const shown = shows();
    s.send({ cmd: 'tray-click' });
    await s.waitFor('a tray click to show the window', () => shows() > shown);
    s.send({ cmd: 'fetch-app', url: 'app://jembatan/index.html' });
    const page = await s.waitFor('app://jembatan/index.html', () => find(s.records(), 'fetch-app'));
    expect(page).toMatchObject({ status: 200 });
    expect(String(page.csp)).toContain("default-src 'self'");

    // Quit: the engine stops first, then the app exits; nothing logged after the log closed.
    s.send({ cmd: 'quit' });
    const exit = await s.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    records = s.records();
    expect(find(records, 'will-quit prevented')).toBeDefined();
    expect(records.at(-1)).toMatchObject({ kind: 'exit', code: 0 });
    const lines = s.logLines();
    expect(lines.at(-1)).toMatchObject({ msg: 'engine stopped' });
    // The stdout that failed was switched off and said so in the file; the file log went on.
    expect(lines.some((l) => l.msg === 'log output stdout failed; it is switched off')).toBe(true);
    expectCleanRun(s, records);
    await expect(request(`${url}/otomax/health`)).rejects.toThrow();
  });

  it('with fd 1 closed, a Windows session end (shutdown, log-off) stops the engine and exits cleanly', async () => {
    const s = shell({ stdout: 'closed', platform: 'win32', args: ['--hidden'] });
    const url = await boot(s);
    expect((await request(`${url}/otomax/health`)).statusCode).toBe(200);
    // Started at login (--hidden): no window was opened, yet a session end is heard.
    expect(find(s.records(), 'BrowserWindow.new')).toBeUndefined();

    s.send({ cmd: 'session-end' });
    const exit = await s.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    const records = s.records();
    expect(find(records, 'session-end')).toMatchObject({ windows: 1 });
    const lines = s.logLines();
    expect(lines.some((l) => l.msg === 'Windows session ending: stopping the engine')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ msg: 'engine stopped' });
    expectCleanRun(s, records);
  });

  it('the installed app ignores ELECTRON_RENDERER_URL and loads its own bundle', async () => {
    const s = shell({
      stdout: 'broken',
      env: { STAND_IN_PACKAGED: '1', ELECTRON_RENDERER_URL: 'https://evil.example/' },
    });
    await boot(s);
    s.send({ cmd: 'second-instance' });
    const load = await s.waitFor('the window', () => find(s.records(), 'BrowserWindow.loadURL'));
    expect(load).toMatchObject({ url: 'app://jembatan/index.html' });
    expect(find(s.records(), 'protocol.handle')).toMatchObject({ scheme: 'app' });
    s.send({ cmd: 'quit' });
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expectCleanRun(s, s.records());
  });

  it('a port already taken ends in one clear box (Indonesian first, what to do), exit 1, nothing uncaught', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    try {
      const port = (taken.address() as AddressInfo).port;
      const s = shell({ stdout: 'broken', platform: 'win32', args: [`--port=${port}`] });
      await s.waitFor('app.whenReady()', () => find(s.records(), 'app.whenReady'));
      s.send({ cmd: 'ready' });
      expect(await s.exited).toEqual({ code: 1, signal: null });
      const records = s.records();
      const box = find(records, 'dialog.showErrorBox') as Rec;
      expect(box.title).toBe('Jembatan tidak dapat dimulai / could not start');
      expect(String(box.content)).toMatch(/^Jembatan tidak dapat dimulai\.\nPort Jembatan sudah dipakai program lain/);
      expect(String(box.content)).toContain(`Catatan: ${join(s.dataDir, 'logs')}`);
      expect(find(records, 'app.exit')).toMatchObject({ code: 1 });
      expect(records.filter((r) => ['uncaught', 'unhandled-rejection'].includes(r.kind))).toEqual([]);
      expect(records.filter((r) => r.kind === 'warning' && r.code === 'JEMBATAN_LOG_AFTER_CLOSE')).toEqual([]);
    } finally {
      taken.close();
    }
  });

  it('a bad setting on the command line says which and what to do', async () => {
    const s = shell({ stdout: 'closed', args: ['--port=abc'] });
    await s.waitFor('app.whenReady()', () => find(s.records(), 'app.whenReady'));
    s.send({ cmd: 'ready' });
    expect(await s.exited).toEqual({ code: 1, signal: null });
    const box = find(s.records(), 'dialog.showErrorBox') as Rec;
    expect(String(box.content)).toContain('Ada pengaturan yang salah pada shortcut atau variabel lingkungan');
    expect(String(box.content)).toContain('--port');
    expect(s.records().filter((r) => r.kind === 'uncaught')).toEqual([]);
  });

  it("the tray and notifications speak the window's language, which the next start keeps (Chromium's too)", async () => {
    type Menu = Rec & { items: Array<{ label: string; enabled: boolean }> };
    const lastMenu = (s: Shell) =>
      s
        .records()
        .filter((r) => r.kind === 'Tray.setContextMenu')
        .at(-1) as Menu | undefined;
    const langSwitch = (s: Shell) => find(s.records(), 'app.commandLine.appendSwitch', (r) => r.name === 'lang');

    // An English Windows: the window opens in Indonesian (its default whatever the system says), so the tray does.
    const first = shell({ stdout: 'broken', platform: 'win32', env: { STAND_IN_LOCALE: 'en-US' } });
    await boot(first);
    expect(langSwitch(first)).toMatchObject({ value: 'id', appReady: false });
    expect(find(first.records(), 'Tray.setToolTip')).toMatchObject({ text: 'Jembatan sedang dimulai…' });
    first.send({ cmd: 'second-instance' });
    await first.waitFor('the window', () => find(first.records(), 'BrowserWindow.loadURL'));

    // The owner picks English in the window: the tray follows at once.
    first.send({ cmd: 'ipc-send', channel: 'shell:language', args: ['en'] });
    await first.waitFor('the tray in English', () => lastMenu(first)?.items.some((i) => i.label === 'Quit'));
    expect(lastMenu(first)?.items.map((i) => i.label)).toContain('Open Jembatan');
    // A child frame, or a language the shell does not speak, changes nothing.
    first.send({ cmd: 'ipc-send', channel: 'shell:language', args: ['id'], frame: 'sub' });
    first.send({ cmd: 'ipc-send', channel: 'shell:language', args: ['fr'] });
    await first.waitFor('the refusal in the log', () =>
      first.logLines().find((l) => l.msg === 'the window sent a language the shell does not speak'),
    );
    expect(first.logLines().some((l) => l.msg === 'refused IPC from an unknown frame')).toBe(true);
    expect(lastMenu(first)?.items.some((i) => i.label === 'Quit')).toBe(true);
    // Desktop notifications too: forwarding on with OtomaX not set up stops work.
    await first.waitFor(
      'the forwarding item to be usable',
      () => lastMenu(first)?.items.find((i) => i.label === 'Forward to OtomaX')?.enabled,
    );
    first.send({ cmd: 'menu-click', label: 'Forward to OtomaX' });
    await first.waitFor('a desktop notification', () => find(first.records(), 'Notification.show'));
    expect(find(first.records(), 'Notification.show')).toMatchObject({
      title: 'Jembatan: Not working',
      body: 'OtomaX is not set up (open Settings)',
    });
    first.send({ cmd: 'quit' });
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expectCleanRun(first, first.records());

    // The next start (an Indonesian system now): Chromium in English before 'ready', the tray from its first line.
    const second = shell({
      stdout: 'broken',
      platform: 'win32',
      home: dirname(first.dataDir),
      env: { STAND_IN_LOCALE: 'id' },
    });
    await boot(second);
    expect(langSwitch(second)).toMatchObject({ value: 'en-US', appReady: false });
    expect(find(second.records(), 'Tray.setToolTip')).toMatchObject({ text: 'Jembatan is starting…' });
    second.send({ cmd: 'quit' });
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expectCleanRun(second, second.records());
  });

  it('Keluar (Quit) from the tray while the engine is still starting: stops and exits cleanly, no box', async () => {
    const s = shell({ stdout: 'broken', platform: 'win32' });
    await s.waitFor('app.whenReady()', () => find(s.records(), 'app.whenReady'));
    s.send({ cmd: 'ready' });
    await s.waitFor('the tray', () => find(s.records(), 'Tray.new'));
    s.send({ cmd: 'menu-click', label: 'Keluar' });
    expect(await s.exited).toEqual({ code: 0, signal: null });
    const records = s.records();
    expect(find(records, 'menu-click')).toMatchObject({ label: 'Keluar' });
    expectCleanRun(s, records);
    expect(s.logLines().at(-1)).toMatchObject({ msg: 'engine stopped' });
  });
});
