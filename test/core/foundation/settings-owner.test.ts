import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open';
import { createSettingsRepo } from '../../../electron/core/db/settings-repo';
import { createStateRepo } from '../../../electron/core/db/state-repo';
import { tempDir } from '../../helpers/tmp';

describe('the settings table has one owner', () => {
  it('runtime state is written and read through the settings repository under state.* keys', () => {
    const dir = tempDir();
    const db = openDatabase(`${dir.dir}/jembatan.db`);
    try {
      const settings = createSettingsRepo(db);
      const state = createStateRepo(settings);
      expect(state.get('forwarding')).toBeUndefined();
      state.set('forwarding', false, 10);
      expect(settings.read('state.forwarding')).toBe(false);
      expect(state.get<boolean>('forwarding')).toBe(false);
      settings.write('state.autoReply', { on: true }, 11);
      expect(state.get('autoReply')).toEqual({ on: true });
      state.delete('forwarding');
      expect(settings.read('state.forwarding')).toBeUndefined();
      expect(settings.all()).toEqual({ 'state.autoReply': { on: true } });
    } finally {
      db.close();
      dir.cleanup();
    }
  });
});
