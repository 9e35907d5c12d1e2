/**
 * IPC channel names shared by the main-process bridge and the preload. Kept free of imports: the sandboxed
 * preload bundles this file and may not require Node modules.
 */
export const CHANNELS = {
  invoke: 'api:invoke',
  event: 'api:event',
  ready: 'api:ready',
  /** The window's language, for the tray, notifications and Chromium's own words (shell-language.ts). */
  language: 'shell:language',
} as const;
