import type { QontakIntegration } from '../../../shared/dto';
import type { IntegrationWire } from './wire';

/** Digits only: Mekari writes a Cloud API number as "+62 851-5616-4904" or "+6285…", a classic one as "6285…". */
function digits(v: string | number | null | undefined): string {
  return v === null || v === undefined ? '' : String(v).replace(/\D/g, '');
}

/** One WhatsApp channel for the window: the number from `phone_number` (Cloud API) or `server_wa_id` (classic). */
export function integrationDto(r: IntegrationWire): QontakIntegration {
  return {
    id: r.id,
    targetChannel: r.target_channel,
    accountName: (r.settings?.account_name ?? '').trim(),
    phoneNumber: digits(r.settings?.phone_number) || digits(r.settings?.server_wa_id),
    isActive: r.is_active ?? false,
  };
}
