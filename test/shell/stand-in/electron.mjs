// A recording stand-in for the `electron` module: the APIs electron/main.ts and electron/app/* use, each call
// appended as one JSON line to STAND_IN_RECORD (synchronously, so nothing is lost when the process exits).
// The test drives it over the IPC channel: { cmd: 'ready' | 'second-instance' | 'tray-click' | 'menu-click' |
// 'quit' | 'session-end' }. STAND_IN_PLATFORM=win32 makes the bundle take its Windows paths.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import process from 'node:process';
import { setImmediate, setInterval } from 'node:timers';
import { URL } from 'node:url';

const RECORD = process.env.STAND_IN_RECORD;
let seq = 0;
export function record(kind, data = {}) {
  if (!RECORD) return;
  appendFileSync(RECORD, `${JSON.stringify({ seq: ++seq, t: Date.now(), kind, ...data })}\n`);
}

if (process.env.STAND_IN_PLATFORM) {
  Object.defineProperty(process, 'platform', { value: process.env.STAND_IN_PLATFORM });
}

// Electron shows "A JavaScript error occurred in the main process" for these: the test wants none.
process.on('uncaughtException', (e) => record('uncaught', { message: String(e?.stack ?? e) }));
process.on('unhandledRejection', (e) => record('unhandled-rejection', { message: String(e?.stack ?? e) }));
process.on('warning', (w) => record('warning', { code: w.code ?? null, message: String(w.message) }));

const event = () => {
  const e = {
    defaultPrevented: false,
    preventDefault() {
      e.defaultPrevented = true;
    },
  };
  return e;
};

// ---- app ----------------------------------------------------------------------------------------------------

let markReady;
const ready = new Promise((resolve) => (markReady = resolve));
let isReady = false;
const windows = new Set();

class App extends EventEmitter {
  get isPackaged() {
    return process.env.STAND_IN_PACKAGED === '1';
  }
  whenReady() {
    record('app.whenReady');
    return ready;
  }
  isReady() {
    return isReady;
  }
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return true;
  }
  setAppUserModelId(id) {
    record('app.setAppUserModelId', { id });
  }
  getVersion() {
    return JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;
  }
  getLocale() {
    return process.env.STAND_IN_LOCALE ?? 'id';
  }
  /** userData: Electron's per-user profile folder (%APPDATA%\\Jembatan on Windows); here under HOME. */
  getPath(name) {
    record('app.getPath', { name, appReady: isReady });
    if (name !== 'userData') throw new Error(`the stand-in knows only userData, not ${name}`);
    return `${process.env.HOME}/user-data`;
  }
  /** Chromium switches count only before 'ready' (Electron ignores later ones): recorded with the moment. */
  commandLine = {
    appendSwitch(name, value) {
      record('app.commandLine.appendSwitch', { name, value: value ?? null, appReady: isReady });
    },
  };
  getLoginItemSettings(options) {
    record('app.getLoginItemSettings', { options: options ?? null });
    return { openAtLogin: false, wasOpenedAtLogin: false };
  }
  setLoginItemSettings(settings) {
    record('app.setLoginItemSettings', { settings });
  }
  /** Electron's order: before-quit, windows close, will-quit (preventable), quit, exit. */
  quit() {
    record('app.quit');
    setImmediate(() => {
      const before = event();
      this.emit('before-quit', before);
      if (before.defaultPrevented) return record('before-quit prevented');
      for (const w of [...windows]) {
        w.close();
        if (!w.isDestroyed()) return record('quit cancelled by a window', { id: w.id });
      }
      const will = event();
      this.emit('will-quit', will);
      if (will.defaultPrevented) return record('will-quit prevented');
      this.emit('quit', event(), 0);
      record('exit', { code: 0 });
      process.exit(0);
    });
  }
  exit(code = 0) {
    record('app.exit', { code });
    process.exit(code);
  }
}
export const app = new App();

// ---- windows ------------------------------------------------------------------------------------------------

let nextId = 0;
class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = ++nextId;
    this.url = '';
    this.destroyed = false;
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  setWindowOpenHandler() {}
  send(channel, name) {
    record('webContents.send', { channel, name: typeof name === 'string' ? name : null });
  }
}

export class BaseWindow extends EventEmitter {
  constructor(options = {}) {
    super();
    this.id = ++nextId;
    this.destroyed = false;
    this.visible = options.show !== false;
    windows.add(this);
    record(`${new.target.name}.new`, { id: this.id, show: options.show ?? true });
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    windows.delete(this);
    this.emit('closed');
  }
  close() {
    const e = event();
    this.emit('close', e);
    if (!e.defaultPrevented) this.destroy();
  }
  show() {
    this.visible = true;
    record('window.show', { id: this.id });
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  isFocused() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return false;
  }
  restore() {}
}

export class BrowserWindow extends BaseWindow {
  constructor(options = {}) {
    super(options);
    this.options = options;
    this.webContents = new WebContents();
    record('BrowserWindow.webPreferences', { webPreferences: options.webPreferences ?? null });
    app.emit('web-contents-created', event(), this.webContents);
  }
  loadURL(url) {
    this.webContents.url = url;
    record('BrowserWindow.loadURL', { id: this.id, url });
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
}

// ---- tray and menus -----------------------------------------------------------------------------------------

const trays = [];
const summary = (item) => ({
  type: item.type ?? 'normal',
  label: item.label ?? null,
  checked: item.checked ?? null,
  enabled: item.enabled ?? true,
});

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.destroyed = false;
    this.menu = null;
    trays.push(this);
    record('Tray.new', { image: image?.path ?? null, imageExists: image ? existsSync(image.path) : false });
  }
  setImage(image) {
    record('Tray.setImage', { image: image.path, imageExists: existsSync(image.path) });
  }
  setToolTip(text) {
    record('Tray.setToolTip', { text });
  }
  setContextMenu(menu) {
    this.menu = menu;
    record('Tray.setContextMenu', { items: menu.items.map(summary) });
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    record('Notification.show', { title: this.options.title, body: this.options.body });
  }
}

export const Menu = {
  buildFromTemplate(template) {
    return { items: template };
  },
  setApplicationMenu(menu) {
    record('Menu.setApplicationMenu', { menu: menu === null ? null : 'menu' });
  },
};

export const nativeImage = {
  createFromPath(path) {
    return { path, setTemplateImage() {}, isEmpty: () => !existsSync(path) };
  },
};

// ---- protocol, session, shell, ipc, dialog ------------------------------------------------------------------

const protocolHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record('protocol.registerSchemesAsPrivileged', { schemes: schemes.map((s) => s.scheme), appReady: isReady });
  },
  handle(scheme, handler) {
    protocolHandlers.set(scheme, handler);
    record('protocol.handle', { scheme });
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
    webRequest: { onHeadersReceived() {} },
  },
};

export const shell = {
  openExternal(url) {
    record('shell.openExternal', { url });
    return Promise.resolve();
  },
};

const ipcListeners = new Map();
export const ipcMain = {
  handle(channel) {
    record('ipcMain.handle', { channel });
  },
  removeHandler() {},
  on(channel, listener) {
    record('ipcMain.on', { channel });
    if (!ipcListeners.has(channel)) ipcListeners.set(channel, new Set());
    ipcListeners.get(channel).add(listener);
  },
  off(channel, listener) {
    ipcListeners.get(channel)?.delete(listener);
  },
};

export const dialog = {
  showErrorBox(title, content) {
    record('dialog.showErrorBox', { title, content });
  },
};

export default {
  app,
  BaseWindow,
  BrowserWindow,
  Tray,
  Notification,
  Menu,
  nativeImage,
  protocol,
  session,
  shell,
  ipcMain,
  dialog,
};

// ---- the test's remote control ------------------------------------------------------------------------------

async function command(msg) {
  switch (msg.cmd) {
    case 'ready':
      isReady = true;
      app.emit('ready', event(), {});
      markReady();
      return;
    case 'second-instance':
      app.emit('second-instance', event(), [process.execPath], process.cwd(), {});
      return;
    case 'tray-click':
      trays.at(-1)?.emit('click', event(), { x: 0, y: 0, width: 16, height: 16 });
      return;
    case 'menu-click': {
      const item = trays.at(-1)?.menu?.items.find((i) => i.label === msg.label);
      if (!item) return record('menu-click missed', { label: msg.label });
      if (item.enabled === false) return record('menu-click disabled', { label: msg.label });
      // Electron flips a checkbox before calling its click handler.
      const menuItem = { label: item.label, checked: item.type === 'checkbox' ? !item.checked : item.checked };
      record('menu-click', { label: msg.label, checked: menuItem.checked });
      item.click?.(menuItem, undefined, {});
      return;
    }
    case 'fetch-app': {
      const handler = protocolHandlers.get('app');
      const res = handler ? await handler(new globalThis.Request(msg.url)) : null;
      record('fetch-app', {
        url: msg.url,
        status: res?.status ?? null,
        csp: res?.headers.get('content-security-policy') ?? null,
      });
      return;
    }
    case 'ipc-send': {
      // A message from the last window's main frame (frame: 'sub' sends it from a child frame instead).
      const win = [...windows].filter((w) => w.webContents).at(-1);
      if (!win) return record('ipc-send missed', { channel: msg.channel });
      const senderFrame = { url: win.webContents.url, parent: msg.frame === 'sub' ? {} : null };
      const e = { ...event(), sender: win.webContents, senderFrame };
      record('ipc-send', { channel: msg.channel, args: msg.args, listeners: ipcListeners.get(msg.channel)?.size ?? 0 });
      for (const listener of [...(ipcListeners.get(msg.channel) ?? [])]) listener(e, ...msg.args);
      return;
    }
    case 'quit':
      app.quit();
      return;
    case 'session-end': {
      const listening = [...windows].filter((w) => w.listenerCount('session-end') > 0);
      record('session-end', { windows: listening.length });
      for (const w of listening) w.emit('session-end', { ...event(), reasons: ['shutdown'] });
      return;
    }
    default:
      record('unknown command', { cmd: msg.cmd });
  }
}
process.on('message', (msg) => {
  command(msg).catch((e) => record('command failed', { cmd: msg.cmd, message: String(e?.stack ?? e) }));
});
// Like Electron, the process lives until app.quit() or app.exit(): its run loop, not Node's, decides.
setInterval(() => undefined, 1 << 30);
process.channel?.unref();
