import type { UploadedMedia } from '../../../shared/dto';
import { AppError } from '../kernel/errors';
import type { QontakClient } from './client';
import { checkMediaFile, formatOfMime } from './media';

/**
 * A file the owner picked for a media header: its type and size checked against WhatsApp's limits first (a
 * refused file never leaves the computer), then sent to Qontak's file uploader for a public URL.
 */
export async function uploadMedia(
  client: QontakClient,
  input: { filename: string; mime: string; dataBase64: string },
): Promise<UploadedMedia> {
  const data = Buffer.from(input.dataBase64, 'base64');
  const format = formatOfMime(input.mime);
  if (!format) {
    throw new AppError('VALIDATION', 'header: WhatsApp takes a JPG or PNG picture, a PDF or an MP4 video', {
      field: 'header',
    });
  }
  checkMediaFile(format, { mime: input.mime, size: data.length });
  const uploaded = await client.uploadFile({ filename: input.filename, mime: input.mime, data });
  return { url: uploaded.url, filename: uploaded.filename, mime: input.mime, size: data.length };
}
