import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../../electron/core/kernel/errors';
import { probeMediaUrl } from '../../../electron/core/qontak/media';

/** A file host that refuses HEAD, as some CDNs do, and answers a ranged GET with the first byte. */
let server: Server;
let base = '';
const requests: { method: string; range: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', range: req.headers.range });
    if (req.method === 'HEAD') return void res.writeHead(405).end();
    const size = req.url === '/big.png' ? 6 * 1024 * 1024 : 2048;
    res.writeHead(206, { 'content-type': 'image/png', 'content-range': `bytes 0-0/${size}`, 'content-length': '1' });
    res.end('x');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('probing a media link', () => {
  it('falls back to a one-byte GET when HEAD is refused, and reads the full size from Content-Range', async () => {
    await expect(probeMediaUrl(`${base}/ok.png`, 'IMAGE')).resolves.toBeUndefined();
    expect(requests).toEqual([
      { method: 'HEAD', range: undefined },
      { method: 'GET', range: 'bytes=0-0' },
    ]);
    const e = await probeMediaUrl(`${base}/big.png`, 'IMAGE').catch((x: unknown) => x as AppError);
    expect([e?.code, e?.message]).toEqual([
      'VALIDATION',
      "header: the file is larger than 5 MB, WhatsApp's limit for a image",
    ]);
  });
});
