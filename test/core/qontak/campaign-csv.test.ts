import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignRow, RecipientRow } from '../../../electron/core/qontak/campaign-repo';
import { campaignCsv } from '../../../electron/core/qontak/campaign-view';
import type { BroadcastRecipientStatus } from '../../../shared/dto';

/** The file in Jakarta's time: the owner's PC clock, pinned so the local times and the file's date are known. */
const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Asia/Jakarta';
});
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

// 23:30 UTC on 1 December is 06:30 on 2 December in Jakarta.
const CREATED = Date.UTC(2026, 11, 1, 23, 30);
const campaign: CampaignRow = {
  id: '3f2a9c1e-0000-4000-8000-000000000001',
  created_at: CREATED,
  channel_integration_id: 'int-wa-1',
  template_id: 'tpl-halo',
  template_name: 'Halo Reseller',
  language: 'id',
  total: 3,
  status: 'done',
};

let nextId = 1;
function recipient(over: Partial<RecipientRow> & { status: BroadcastRecipientStatus }): RecipientRow {
  const id = nextId++;
  return {
    id,
    campaign_id: campaign.id,
    row_no: id,
    phone: `62812100000${id}`,
    name: `Reseller ${id}`,
    params: '[]',
    broadcast_id: null,
    whatsapp_message_id: null,
    error: null,
    attempts: 0,
    polls: 0,
    sent_at: null,
    next_poll_at: null,
    updated_at: CREATED + 60_000,
    ...over,
  };
}

const rows = [
  recipient({
    status: 'read',
    name: '=HYPERLINK("x")',
    broadcast_id: 'b-1',
    whatsapp_message_id: 'wamid.1',
    attempts: 1,
    sent_at: CREATED + 5_000,
  }),
  recipient({ status: 'failed', name: 'Siti; Toko', error: 'invalid number', attempts: 3 }),
  recipient({ status: 'pending', attempts: 1 }),
];

const linesOf = (csv: string) => csv.slice(1).trimEnd().split('\r\n');

describe('campaignCsv', () => {
  it("in Indonesian with ';': the window's words, local times with their offset, one BOM", () => {
    const { csv } = campaignCsv(campaign, rows, { lang: 'id', separator: ';' });
    expect(csv.indexOf('\uFEFF')).toBe(0);
    expect(csv.lastIndexOf('\uFEFF')).toBe(0);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [head, ...body] = linesOf(csv);
    expect(head).toBe(
      'Baris;Nomor;Nama;Status;ID broadcast Qontak;ID pesan WhatsApp;Keterangan galat;Percobaan;Waktu terkirim;Diperbarui',
    );
    expect(body).toEqual([
      // The formula guard: a name a spreadsheet would run gets a leading quote (and quotes around it).
      `1;628121000001;"'=HYPERLINK(""x"")";Dibaca;b-1;wamid.1;;1;2026-12-02 06:30:05+07:00;2026-12-02 06:31:00+07:00`,
      // A ';' inside a cell is quoted, so the cell stays one cell.
      '2;628121000002;"Siti; Toko";Gagal;;;invalid number;3;;2026-12-02 06:31:00+07:00',
      '3;628121000003;Reseller 3;Menunggu Qontak;;;;1;;2026-12-02 06:31:00+07:00',
    ]);
  });

  it("names the file by the PC's own date, not UTC's", () => {
    expect(campaignCsv(campaign, rows).filename).toBe('broadcast-halo-reseller-2026-12-02-3f2a9c1e.csv');
  });

  it('defaults to English and commas: the column names the file always had, statuses as the window says them', () => {
    const { csv } = campaignCsv(campaign, rows);
    const [head, first, second] = linesOf(csv);
    expect(head).toBe('row,phone,name,status,broadcast_id,whatsapp_message_id,error,attempts,sent_at,updated_at');
    expect(first).toBe(
      `1,628121000001,"'=HYPERLINK(""x"")",Read,b-1,wamid.1,,1,2026-12-02 06:30:05+07:00,2026-12-02 06:31:00+07:00`,
    );
    // With commas a ';' needs no quotes, yet it still gets them (one rule for either separator).
    expect(second).toContain(',"Siti; Toko",Failed,');
  });

  it('an empty campaign is the header alone', () => {
    const { csv } = campaignCsv(campaign, [], { lang: 'id', separator: ';' });
    expect(linesOf(csv)).toHaveLength(1);
  });
});
