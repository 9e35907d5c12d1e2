/** What the fake Mekari account holds by default: two channels and enough templates to need paging. */

export interface SimIntegration {
  id: string;
  target_channel: string;
  settings: { account_name: string; phone_number: string };
  is_active: boolean;
}

export interface SimTemplate {
  id: string;
  name: string;
  language: string;
  header: null;
  body: string;
  footer: string | null;
  buttons: unknown[];
  status: string;
  category: string;
}

export const DEFAULT_INTEGRATIONS: SimIntegration[] = [
  {
    id: 'int-wa-1',
    target_channel: 'wa',
    settings: { account_name: 'Toko Pulsa Jaya', phone_number: '6281100000001' },
    is_active: true,
  },
  {
    id: 'int-wa-2',
    target_channel: 'wa',
    settings: { account_name: 'Toko Pulsa Jaya (cadangan)', phone_number: '6281100000002' },
    is_active: false,
  },
  {
    id: 'int-cloud-1',
    target_channel: 'wa_cloud',
    settings: { account_name: 'Toko Pulsa Jaya Cloud', phone_number: '6281100000003' },
    is_active: true,
  },
];

const template = (
  id: string,
  name: string,
  body: string,
  status = 'APPROVED',
  category = 'MARKETING',
): SimTemplate => ({
  id,
  name,
  language: 'id',
  header: null,
  body,
  footer: 'Balas STOP untuk berhenti',
  buttons: [],
  status,
  category,
});

export const DEFAULT_TEMPLATES: SimTemplate[] = [
  template('tpl-info', 'info_umum', 'Info: layanan kami buka 24 jam.', 'APPROVED', 'UTILITY'),
  template('tpl-halo', 'halo_reseller', 'Halo {{1}}, terima kasih sudah bergabung.'),
  template('tpl-promo', 'promo_harga', 'Halo {{1}}, harga {{2}} turun jadi {{3}} mulai hari ini. Cek {{2}} sekarang!'),
  template('tpl-saldo', 'saldo_rendah', 'Halo {{1}}, saldo Anda tinggal {{2}}.', 'APPROVED', 'UTILITY'),
  template('tpl-ditolak', 'promo_ditolak', 'Promo {{1}}', 'REJECTED'),
];

/** The placeholder count Mekari checks a payload against: the highest {{n}}. */
export function templateVariables(body: string): number {
  let max = 0;
  for (const m of body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) max = Math.max(max, Number(m[1]));
  return max;
}
