// First: V8's memory flags apply before the modules below load (electron/core/kernel/memory-flags.ts).
import './core/kernel/memory-flags-apply';
import { join } from 'node:path';
import { app, dialog, Menu } from 'electron';
import { splitArgs, userArgs } from './app/argv';
import { setupAutoLaunch } from './app/auto-launch';
import { setupIpcBridge } from './app/ipc-bridge';
import { registerAppScheme, setupAppProtocol } from './app/protocol';
import { setupQuit } from './app/quit';
import { setupSessionEnd } from './app/session-end';
import { startFailureText } from './app/start-failure';
import { contentSecurityPolicy, rendererSource } from './app/renderer-origin';
import { setupSecurity } from './app/security';
import { createShellLanguage } from './app/shell-language';
import { setupSingleInstance } from './app/single-instance';
import { setupNotifications } from './app/notifications';
import { setupTray } from './app/tray';
import { setupWindow, type MainWindow } from './app/window';
import { bootstrap, type Bootstrapped } from './core/bootstrap';
import { createEngine } from './core/engine';
import { createLogger, type Logger } from './core/kernel/logger';

/**
 * The Electron composition root: bootstrap, the engine, the shell around it (window, IPC, and the tray, shown
 * as "starting" before the engine starts), then the engine.
 */

// out/main/: the bundle sits next to icons/ and migrations/, out/preload and out/renderer are its siblings.
const here = import.meta.dirname;

function fatal(error: unknown, logDir: string | null): void {
  const text = startFailureText(error, logDir);
  dialog.showErrorBox(text.title, text.content);
  app.exit(1);
}

async function main(): Promise<void> {
  const source = rendererSource(process.env.ELECTRON_RENDERER_URL, join(here, '../renderer'), app.isPackaged);
  const { bootArgs, hidden } = splitArgs(userArgs(process.argv, process.defaultApp === true));
  registerAppScheme();
  // The window's language, kept from its last run: the tray speaks it from the start, and Chromium's own words (a
  // date field's format) follow it through --lang, which only counts before the app is ready.
  // Written only when the window says a new language, which is after the log below exists.
  let shellLog: Logger | null = null;
  const language = createShellLanguage(join(app.getPath('userData'), 'window-language.json'), (e) =>
    shellLog?.warn({ err: e }, 'the window language could not be kept for the next start (the tray follows it now)'),
  );
  app.commandLine.appendSwitch('lang', language.chromiumLocale());

  let window: MainWindow | null = null;
  // The window opens once the engine answers; asking earlier (tray, second launch) is remembered.
  let engineReady = false;
  let askedToShow = false;
  const showWindow = () => {
    askedToShow = true;
    if (engineReady) window?.show();
  };
  if (!setupSingleInstance({ onSecondInstance: showWindow })) {
    app.quit();
    return;
  }
  if (process.platform === 'win32') app.setAppUserModelId('id.jembatan.app');
  await app.whenReady();

  let boot: Bootstrapped;
  try {
    boot = await bootstrap({ argv: bootArgs, env: process.env, pretty: false });
  } catch (e) {
    fatal(e, null);
    return;
  }
  const log = createLogger(boot.log, 'shell');
  shellLog = log;
  const devTools = !app.isPackaged || boot.boot.overrides.debug === true;
  if (!devTools && process.platform !== 'darwin') Menu.setApplicationMenu(null);

  const engine = createEngine({ ...boot, host: 'electron', version: app.getVersion() });
  const csp = contentSecurityPolicy(source);
  setupSecurity({ source, csp, log });
  if (source.kind === 'bundle') setupAppProtocol({ rendererDir: source.dir, csp });
  const quit = setupQuit({ stop: () => engine.stop(), log });
  setupSessionEnd({ platform: process.platform, onEnd: quit.sessionEnding, log });
  // Subscribed before start(): events of the start itself are queued for the page.
  const bridge = setupIpcBridge({
    api: engine.api,
    events: engine.events,
    source,
    window: () => window?.current() ?? null,
    onLanguage: (lang) => language.set(lang),
    log,
  });
  window = setupWindow({
    source,
    preloadPath: join(here, '../preload/preload.cjs'),
    ...(process.platform === 'linux' ? { iconPath: join(here, 'icons', 'icon.png') } : {}),
    devTools,
    isQuitting: quit.isQuitting,
    onCreate: (win) => bridge.attach(win),
    log,
  });

  const autoLaunch = setupAutoLaunch({ platform: process.platform, packaged: app.isPackaged, env: process.env, log });
  const tray = setupTray({
    api: engine.api,
    events: engine.events,
    autoLaunch,
    iconsDir: join(here, 'icons'),
    platform: process.platform,
    language,
    onOpen: showWindow,
    onQuit: () => app.quit(),
    log,
  });
  app.on('activate', showWindow);

  try {
    await engine.start();
  } catch (e) {
    // Quit chosen from the tray while starting: the stop under way explains the failure; no box.
    if (quit.isQuitting()) return;
    log.fatal({ err: e }, 'engine failed to start');
    await engine.stop().catch(() => undefined);
    fatal(e, join(boot.boot.dataDir, 'logs'));
    return;
  }
  // Quit while starting: the engine is stopping and its log may be closed already.
  if (quit.isQuitting()) return;
  log.info({ url: engine.url(), version: app.getVersion() }, 'engine started');
  engineReady = true;
  tray.ready();
  setupNotifications({
    api: engine.api,
    events: engine.events,
    lang: () => language.get(),
    windowFocused: () => window?.current()?.isFocused() ?? false,
    onOpen: showWindow,
    log,
  });
  if (askedToShow || (!hidden && !autoLaunch.openedAtLogin())) window.show();
}

void main();
