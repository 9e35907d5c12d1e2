import { join } from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { EngineApi, EngineEvents } from '../core/engine-types';
import type { Logger } from '../core/kernel/logger';
import type { AutoLaunch } from './auto-launch';
import {
  trayIconFile,
  trayIconVariant,
  trayMenuModel,
  trayTooltip,
  type TrayItem,
  type TrayLanguage,
  type TrayState,
} from './tray-model';

export interface TrayDeps {
  api: EngineApi;
  events: EngineEvents;
  autoLaunch: AutoLaunch;
  iconsDir: string;
  platform: NodeJS.Platform;
  /** The window's language: the tray speaks it and follows its changes. */
  language: { get(): TrayLanguage; onChange(listener: (lang: TrayLanguage) => void): () => void };
  onOpen: () => void;
  onQuit: () => void;
  log: Logger;
}

export interface AppTray {
  /** The engine has started: leave the "starting" state and read its first answers. */
  ready(): void;
  dispose(): void;
}

/**
 * The tray: WhatsApp state at a glance (icon, tooltip, first menu line), forwarding on/off kept in sync
 * with 'forwarding:changed', start at login, open, quit. It appears before the engine starts, saying so,
 * so the owner sees at once that Jembatan is running.
 */
export function setupTray(deps: TrayDeps): AppTray {
  const { api, events, autoLaunch, log, language } = deps;
  const state: TrayState = {
    session: null,
    forwarding: null,
    overall: null,
    autoLaunch: { supported: autoLaunch.supported, enabled: autoLaunch.isEnabled() },
    starting: true,
  };
  const images = new Map<string, NativeImage>();
  const image = (file: string): NativeImage => {
    let img = images.get(file);
    if (!img) {
      img = nativeImage.createFromPath(join(deps.iconsDir, file));
      if (deps.platform === 'darwin') img.setTemplateImage(true);
      images.set(file, img);
    }
    return img;
  };
  const iconFor = (s: TrayState) => image(trayIconFile(deps.platform, trayIconVariant(s.session, s.overall ?? null)));

  const tray = new Tray(iconFor(state));
  let shownIcon = iconFor(state);

  const setForwarding = (enabled: boolean) => {
    api
      .invoke('forwarding:set', { enabled })
      .then((r) => {
        if (r.ok) state.forwarding = r.value;
        else log.warn({ code: r.error.code, message: r.error.message }, 'tray: forwarding change refused');
      })
      .catch((e: unknown) => log.error({ err: e }, 'tray: forwarding change failed'))
      .finally(render);
  };
  const setAutoLaunch = (on: boolean) => {
    try {
      autoLaunch.setEnabled(on);
    } catch (e) {
      log.warn({ err: e }, 'tray: start at login could not be changed');
    }
    state.autoLaunch.enabled = autoLaunch.isEnabled();
    render();
  };

  const toTemplate = (item: TrayItem): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'status':
        return { label: item.label, enabled: false };
      case 'action':
        return { label: item.label, click: item.id === 'open' ? deps.onOpen : deps.onQuit };
      case 'checkbox':
        return {
          type: 'checkbox',
          label: item.label,
          checked: item.checked,
          enabled: item.enabled,
          click: (menuItem) =>
            item.id === 'forwarding' ? setForwarding(menuItem.checked) : setAutoLaunch(menuItem.checked),
        };
    }
  };

  function render(): void {
    if (tray.isDestroyed()) return;
    const icon = iconFor(state);
    if (icon !== shownIcon) {
      tray.setImage(icon);
      shownIcon = icon;
    }
    const lang = language.get();
    tray.setToolTip(trayTooltip(state, lang));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuModel(state, lang).map(toTemplate)));
  }

  const offs = [
    language.onChange(render),
    events.on('session:status', (status) => {
      // The tray's WhatsApp line is the primary number's; the other numbers are counted by the overall state.
      if (status.primary === false) return;
      state.session = status;
      render();
    }),
    events.on('forwarding:changed', (forwarding) => {
      state.forwarding = forwarding;
      render();
    }),
    events.on('numbers:changed', (numbers) => {
      state.numbers = numbers;
      render();
    }),
    events.on('overall:changed', (overall) => {
      state.overall = overall;
      render();
    }),
  ];
  // Events win over these first answers: they only fill what no event has set yet.
  const readFirstAnswers = () => {
    const firstAnswer = (e: unknown) => log.warn({ err: e }, 'tray: first state read failed');
    api
      .invoke('session:get', undefined)
      .then((r) => {
        if (r.ok && !state.session) {
          state.session = r.value;
          render();
        }
      })
      .catch(firstAnswer);
    api
      .invoke('overall:get', undefined)
      .then((r) => {
        if (r.ok && !state.overall) {
          state.overall = r.value;
          render();
        }
      })
      .catch(firstAnswer);
    api
      .invoke('numbers:list', undefined)
      .then((r) => {
        if (r.ok && !state.numbers) {
          state.numbers = r.value;
          render();
        }
      })
      .catch(firstAnswer);
    api
      .invoke('forwarding:get', undefined)
      .then((r) => {
        if (r.ok && !state.forwarding) {
          state.forwarding = r.value;
          render();
        }
      })
      .catch(firstAnswer);
  };
  // Windows and Linux (where the tray emits clicks) open the window on a left click; macOS shows the menu.
  if (deps.platform !== 'darwin') tray.on('click', deps.onOpen);
  render();

  return {
    ready() {
      if (!state.starting) return;
      state.starting = false;
      render();
      readFirstAnswers();
    },
    dispose() {
      for (const off of offs) off();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
