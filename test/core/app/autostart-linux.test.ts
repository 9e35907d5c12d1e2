import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  autostartEntry,
  autostartExec,
  autostartFile,
  execArg,
  linuxAutostart,
} from '../../../electron/app/autostart-linux';

describe('linux autostart', () => {
  it('lives in $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartFile({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/u')).toBe(
      join('/x/cfg', 'autostart', 'jembatan.desktop'),
    );
    expect(autostartFile({}, '/home/u')).toBe(join('/home/u', '.config', 'autostart', 'jembatan.desktop'));
  });

  it('starts the AppImage itself, not its temporary mount', () => {
    expect(autostartExec({ APPIMAGE: '/home/u/Apps/Jembatan.AppImage' }, '/tmp/.mount_x/jembatan')).toBe(
      '/home/u/Apps/Jembatan.AppImage',
    );
    expect(autostartExec({}, '/opt/Jembatan/jembatan')).toBe('/opt/Jembatan/jembatan');
  });

  it('quotes Exec arguments the way the desktop entry spec asks', () => {
    expect(execArg('/opt/Jembatan/jembatan')).toBe('/opt/Jembatan/jembatan');
    expect(execArg('/home/u/My Apps/Jembatan.AppImage')).toBe('"/home/u/My Apps/Jembatan.AppImage"');
    expect(execArg('/a/$HOME"x')).toBe('"/a/\\\\$HOME\\\\"x"');
    expect(execArg('/a/b\\c')).toBe('"/a/b\\\\\\\\c"');
    expect(execArg('/a/100%')).toBe('/a/100%%');
  });

  it('writes and removes the entry', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jembatan-autostart-')), 'autostart', 'jembatan.desktop');
    const store = linuxAutostart(file);
    expect(store.isEnabled()).toBe(false);
    const entry = autostartEntry({
      exec: '/home/u/My Apps/J.AppImage',
      args: ['--hidden'],
      name: 'Jembatan',
      comment: 'a\nb',
    });
    store.setEnabled(true, entry);
    expect(store.isEnabled()).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('[Desktop Entry]\nType=Application\nName=Jembatan\nComment=a b\n');
    expect(text).toContain('Exec="/home/u/My Apps/J.AppImage" --hidden\n');
    store.setEnabled(false, entry);
    expect(store.isEnabled()).toBe(false);
  });
});
