import { describe, expect, it } from 'vitest';
import { startFailureText } from '../../../electron/app/start-failure';
import { AppError } from '../../../electron/core/kernel/errors';

describe('the error box for a start that failed', () => {
  it('says what happened and what to do, Indonesian first, the cause only as a last detail line', () => {
    const boom = new Error('SQLITE_CORRUPT: database disk image is malformed\n    at Database (x.js:1:1)');
    const { title, content } = startFailureText(boom, 'C:\\Users\\Toko Jaya\\AppData\\Roaming\\Jembatan\\logs');
    expect(title).toBe('Jembatan tidak dapat dimulai / could not start');
    expect(content.split('\n')).toEqual([
      'Jembatan tidak dapat dimulai.',
      'Buka Jembatan lagi. Jika tetap gagal, kirim file di folder catatan (logs) kepada teknisi Anda.',
      'Catatan: C:\\Users\\Toko Jaya\\AppData\\Roaming\\Jembatan\\logs',
      '',
      'Jembatan could not start.',
      'Open Jembatan again. If it still fails, send the files in the logs folder to your technician.',
      '',
      '(SQLITE_CORRUPT: database disk image is malformed)',
    ]);
  });

  it('names the cause the owner can fix: a port in use, a wrong setting', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:3000'), {
      code: 'EADDRINUSE',
    });
    expect(startFailureText(inUse, null).content).toContain('Port Jembatan sudah dipakai program lain');
    const bad = new AppError('CONFIG_INVALID', '--port must be a number from 1 to 65535');
    expect(startFailureText(bad, null).content).toContain('Ada pengaturan yang salah');
  });
});
