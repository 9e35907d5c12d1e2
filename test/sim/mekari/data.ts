/** What the fake Mekari account holds by default: two channels and enough templates to need paging. */

/**
 * As Mekari's published examples list a channel: a classic WhatsApp channel ('wa') carries its number in
 * `settings.server_wa_id`, a Cloud API one ('wa_cloud') in `settings.phone_number` written "+62 8xx-…"; other
 * channel kinds (web_chat, ig…) sit in the same list.
 */
export interface SimIntegration {
  id: string;
  target_channel: string;
  settings: Record<string, string | number | boolean>;
  is_active: boolean;
}

export const WHATSAPP_CHANNELS = new Set(['wa', 'wa_cloud']);

/** The fields Mekari adds to every channel in a list answer. */
export function integrationOnWire(i: SimIntegration) {
  return {
    id: i.id,
    target_channel: i.target_channel,
    webhook: `hook-${i.id}`,
    settings: i.settings,
    organization_id: 'org-sim-1',
    created_at: '2026-01-16T03:35:55.634Z',
    is_active: i.is_active,
  };
}

/** As Qontak lists a template's header: TEXT (may hold {{1}}), IMAGE, DOCUMENT, VIDEO or LOCATION. */
export interface SimTemplateHeader {
  format: string;
  text?: string;
}

/** As Qontak lists a template's buttons: URL (url may end in {{1}}), QUICK_REPLY, PHONE_NUMBER, OTP... */
export interface SimTemplateButton {
  type: string;
  text: string;
  url?: string;
  phone_number?: string;
}

export interface SimTemplate {
  id: string;
  name: string;
  language: string;
  header: SimTemplateHeader | null;
  body: string;
  footer: string | null;
  buttons: SimTemplateButton[];
  status: string;
  category: string;
}

export const DEFAULT_INTEGRATIONS: SimIntegration[] = [
  {
    id: 'int-wa-1',
    target_channel: 'wa',
    settings: { account_name: 'Toko Pulsa Jaya', server_wa_id: '6281100000001' },
    is_active: true,
  },
  {
    id: 'int-wa-2',
    target_channel: 'wa',
    settings: { account_name: 'Toko Pulsa Jaya (cadangan)', server_wa_id: '6281100000002' },
    is_active: false,
  },
  {
    id: 'int-cloud-1',
    target_channel: 'wa_cloud',
    settings: {
      account_name: ' Toko Pulsa Jaya Cloud',
      phone_number: '+62 811-0000-0003',
      phone_number_id: '177637332108877',
    },
    is_active: true,
  },
  {
    id: 'int-web-1',
    target_channel: 'web_chat',
    settings: { title: 'Chat di situs toko', domain: 'https://tokopulsajaya.example', is_active: true },
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
  {
    ...template('tpl-harga-gambar', 'daftar_harga_gambar', 'Halo {{1}}, ini daftar harga pulsa & data hari ini.'),
    header: { format: 'IMAGE' },
    footer: 'Toko Pulsa Jaya',
    buttons: [
      { type: 'URL', text: 'Pesan', url: 'https://tokopulsajaya.example/pesan/{{1}}' },
      { type: 'QUICK_REPLY', text: 'Berhenti' },
    ],
  },
  {
    ...template('tpl-katalog-pdf', 'katalog_pdf', 'Halo {{1}}, katalog lengkap terlampir.'),
    header: { format: 'DOCUMENT' },
  },
  {
    ...template('tpl-judul', 'promo_judul', 'Harga {{1}} sekarang {{2}}.'),
    header: { format: 'TEXT', text: 'Promo {{1}}' },
    buttons: [{ type: 'PHONE_NUMBER', text: 'Telepon kami', phone_number: '+6281100000001' }],
  },
  {
    ...template('tpl-lokasi', 'lokasi_toko', 'Kunjungi toko kami.'),
    header: { format: 'LOCATION' },
  },
];

/**
 * A template as GET /templates/whatsapp answers it in Mekari's examples: a media header carries `example` (a
 * Ruby-printed string, not JSON), a URL button an `example` string, plus fields Jembatan does not read.
 */
export function templateOnWire(t: SimTemplate) {
  const header =
    t.header && t.header.format !== 'TEXT'
      ? {
          format: t.header.format,
          example: '#<Hashie::Mash header_handle=#<Hashie::Array ["https://scontent.whatsapp.net/v/sample"]>>',
        }
      : t.header;
  return {
    id: t.id,
    organization_id: 'org-sim-1',
    name: t.name,
    language: t.language,
    header,
    body: t.body,
    footer: t.footer,
    buttons: t.buttons.map((b) => (b.type === 'URL' ? { ...b, example: '["https://tokopulsajaya.example/x"]' } : b)),
    status: t.status,
    category: t.category,
    quality_rating: null,
    quality_rating_text: 'Neutral',
    type: 'campaign',
  };
}

/** The placeholder count Mekari checks a payload against: the highest {{n}}. */
export function templateVariables(body: string): number {
  let max = 0;
  for (const m of body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) max = Math.max(max, Number(m[1]));
  return max;
}
