/**
 * IPC channel names shared by the main-process bridge and the preload. Kept free of imports: the sandboxed
 * preload bundles this file and may not require Node modules.
 */
export const CHANNELS = { invoke: 'api:invoke', event: 'api:event', ready: 'api:ready' } as const;
