import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { QontakBroadcastRecord } from '../../../shared/dto';
import { orNone } from './wire';

/**
 * Qontak's own broadcast records (GET /broadcasts/whatsapp, GET /broadcasts/{id}/whatsapp) and its file uploader
 * (POST /file_uploader, multipart field "file", answering {data: {url, filename}}). Read leniently like wire.ts:
 * the list is shown to the owner, a missing field must not hide a broadcast.
 */
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

export const broadcastRecordWire = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  name: text,
  message_template: z.object({ name: text }).nullish().catch(null),
  channel_integration_id: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v == null ? '' : String(v))),
  created_at: z.string().nullish(),
  execute_status: text.catch(''),
  message_status_count: z.record(z.string(), z.number()).nullish().catch(null),
  /** Why Qontak did not run the broadcast as a whole (a template or channel it refused); "n/a" when none. */
  message_broadcast_error: orNone.catch(null),
});

export function broadcastRecord(r: z.infer<typeof broadcastRecordWire>): QontakBroadcastRecord {
  return {
    id: r.id,
    name: r.name,
    templateName: r.message_template?.name ?? '',
    channelIntegrationId: r.channel_integration_id,
    createdAt: r.created_at ?? null,
    status: r.execute_status.toLowerCase(),
    counts: r.message_status_count ?? {},
    error: r.message_broadcast_error,
  };
}

export const uploadedWire = z.object({ url: z.string().url(), filename: text });

/** A multipart/form-data body with one part, "file", built in memory so it can be signed (Digest) like JSON. */
export function multipartFile(file: { filename: string; mime: string; data: Buffer }): {
  data: Buffer;
  contentType: string;
} {
  const boundary = `----jembatan${randomBytes(12).toString('hex')}`;
  const safeName = file.filename.replace(/["\r\n\\]/g, '_');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\n` +
      `Content-Type: ${file.mime}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { data: Buffer.concat([head, file.data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}
