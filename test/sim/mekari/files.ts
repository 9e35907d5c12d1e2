import { randomUUID } from 'node:crypto';

/** A file taken by POST /file_uploader, served back at its public URL like Qontak's CDN does. */
export interface SimFile {
  name: string;
  filename: string;
  mime: string;
  data: Buffer;
}

/** The first file part of a multipart/form-data body (field "file"), or a reason it is not there. */
export function readMultipartFile(contentType: string | undefined, body: Buffer): SimFile | string {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!contentType?.toLowerCase().startsWith('multipart/form-data') || !boundary) {
    return 'Content-Type must be multipart/form-data';
  }
  // latin1 keeps every byte as one character, so slicing the string slices the bytes.
  const text = body.toString('latin1');
  for (const part of text.split(`--${boundary}`)) {
    const end = part.indexOf('\r\n\r\n');
    if (end < 0) continue;
    const head = part.slice(0, end);
    if (!/name="file"/i.test(head)) continue;
    const filename = /filename="([^"]*)"/i.exec(head)?.[1] ?? '';
    const mime = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream';
    const content = part.slice(end + 4).replace(/\r\n$/, '');
    if (!filename) return 'file is required';
    return { name: `${randomUUID()}-${filename}`, filename, mime, data: Buffer.from(content, 'latin1') };
  }
  return 'file is required';
}
