import { app } from 'electron';

/**
 * One Jembatan per user: a second launch hands over to the first (which shows its window) and exits.
 * Returns false in the second instance, which must quit without starting anything.
 */
export function setupSingleInstance(deps: { onSecondInstance: () => void }): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => deps.onSecondInstance());
  return true;
}
