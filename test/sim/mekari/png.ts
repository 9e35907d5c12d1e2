import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A real PNG (RGB, 8 bit) for tests: a price-list-like picture of coloured bands, so a preview shows something
 * recognisable. `padTo` appends a harmless ancillary chunk until the file has that many bytes (size limit tests).
 */
export function pricePng(width = 320, height = 180, padTo = 0): Buffer {
  const rows: Buffer[] = [];
  const bands = [
    [0x12, 0x8c, 0x7e],
    [0xf4, 0xf1, 0xe8],
    [0xff, 0xc1, 0x07],
    [0xf4, 0xf1, 0xe8],
  ];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    const band = bands[Math.floor((y / height) * bands.length)] as number[];
    for (let x = 0; x < width; x++) {
      const stripe = y > height / 4 && x % 80 < 60 && y % 24 < 14;
      const [r, g, b] = stripe ? [0x33, 0x33, 0x33] : band;
      row.set([r as number, g as number, b as number], 1 + x * 3);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
  ];
  const end = chunk('IEND', Buffer.alloc(0));
  const size = parts.reduce((n, p) => n + p.length, 0) + end.length;
  if (padTo > size + 12) parts.push(chunk('tEXt', Buffer.alloc(padTo - size - 12, 0x20)));
  return Buffer.concat([...parts, end]);
}
