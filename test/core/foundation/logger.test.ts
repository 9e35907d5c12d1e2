import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRootLogger, redactUrl } from '../../../electron/core/kernel/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, log: createRootLogger({ destination, level: 'debug' }) };
}

describe('logger', () => {
  it('redacts secrets at any depth we log them', () => {
    const { lines, log } = capture();
    log.info(
      {
        appKey: 'AK',
        devKey: 'DK',
        apiKey: 'API',
        token: 'TOK',
        nested: { clientSecret: 'CS', secret: 'S' },
        req: { headers: { authorization: 'Bearer X' } },
      },
      'hello',
    );
    const out = lines.join('');
    for (const secret of ['AK', 'DK', 'API', 'TOK', '"CS"', '"S"', 'Bearer X']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('strips tokens and callback secrets from URLs', () => {
    expect(redactUrl('http://h:5000/InsertInbox?token=abc.def&x=1')).toBe(
      'http://h:5000/InsertInbox?token=[redacted]&x=1',
    );
    expect(redactUrl('http://127.0.0.1:3000/otomax/callback/s3cr3t?token=t')).toBe(
      'http://127.0.0.1:3000/otomax/callback/[redacted]?token=[redacted]',
    );
  });
});
