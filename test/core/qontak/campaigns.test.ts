import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/core/kernel/errors';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { UNKNOWN_OUTCOME_AFTER_RESTART } from '../../../electron/core/qontak/campaign-runner';
import type { QontakClient } from '../../../electron/core/qontak/client';
import { FAST, intl, phone, quickSleep, useCampaignFixture } from './campaign-fixture';
import { simClient, until } from './helpers';

const FINAL = new Set(['read', 'delivered', 'failed']);

describe('broadcast campaigns: sending and delivery', () => {
  const f = useCampaignFixture();

  it('200 recipients with 5xx, 429, a lost answer and a restart halfway: nobody messaged twice, everybody accounted for', async () => {
    const failing = [7, 77, 177].map(intl);
    for (const n of failing) f.sim.failNumber(n, 'Message failed: recipient is not a WhatsApp user');
    const direct = '/broadcasts/whatsapp/direct';
    f.sim.inject({ kind: 'status', status: 503, times: 2, path: direct }); // retried inside the client
    f.sim.inject({ kind: 'rateLimit', retryAfter: '1', path: direct }); // waited out inside the client
    // A 502 may come after Qontak sent it: that row is not resent (its outcome is unknown).
    f.sim.inject({ kind: 'status', status: 502, times: 1, path: direct });
    f.sim.inject({ kind: 'status', status: 500, times: 1, path: '/whatsapp/log' }); // a poll fails and is retried
    const recipients = Array.from({ length: 200 }, (_, i) => ({
      phone: phone(i),
      name: `Reseller ${i}`,
      params: [`R${i}`],
    }));

    const first = f.makeService();
    const { id, rejected } = await first.create({
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-halo',
      language: 'id',
      recipients,
    });
    expect(rejected).toEqual([]);
    first.start();
    await until(() => f.sim.broadcasts.length >= 60, 15_000, 'the first half');
    f.sim.inject({ kind: 'dropAfterAccept', path: direct }); // accepted upstream, answer lost
    await until(() => f.sim.broadcasts.length >= 100, 15_000, 'half the campaign');
    await first.stop();
    const halfway = first.get(id);
    expect(halfway.counts.sending).toBe(0);
    expect(halfway.counts.queued).toBeGreaterThan(0);

    f.reopen(); // a new process over the same database file
    const second = f.makeService();
    second.start();
    await until(() => second.get(id).done, 20_000, 'the campaign to finish');

    const numbers = f.sim.broadcasts.map((b) => b.to_number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.length).toBeLessThanOrEqual(200);
    // Everyone but the 502's recipient reached Qontak; nobody twice.
    expect(numbers.length).toBe(199);

    const detail = second.get(id);
    expect(detail.total).toBe(200);
    expect(detail.recipients).toHaveLength(200);
    expect(detail.recipients.every((r) => FINAL.has(r.status))).toBe(true);
    const failed = detail.recipients.filter((r) => r.status === 'failed');
    expect(failed.filter((r) => failing.includes(r.phone)).map((r) => r.error)).toEqual(
      failing.map(() => 'Message failed: recipient is not a WhatsApp user'),
    );
    const unknown = failed.filter((r) => !failing.includes(r.phone));
    expect(unknown).toHaveLength(2);
    for (const r of unknown) expect(r.error).toMatch(/unknown outcome|may have|not resent/i);
    expect(detail.counts.read).toBe(200 - failed.length);
    // Every recipient Qontak accepted is tied to its broadcast, except the one whose answer was lost.
    const tied = new Set(detail.recipients.map((r) => r.broadcastId).filter(Boolean));
    expect(f.sim.broadcasts.filter((b) => !tied.has(b.id))).toHaveLength(1);
    expect(f.sim.broadcasts.every((b) => b.params.length === 1 && b.to_name.startsWith('Reseller '))).toBe(true);

    const directStatuses = f.sim.requests.filter((r) => r.url.endsWith(direct)).map((r) => r.status);
    expect(directStatuses.filter((st) => st === 503)).toHaveLength(2);
    expect(directStatuses.filter((st) => st === 429)).toHaveLength(1);
    expect(directStatuses.filter((st) => st === 502)).toHaveLength(1);
    expect(second.log(id).filter((r) => r.attempts > 1)).toHaveLength(0); // nothing was sent a second time

    const last = f.progress[f.progress.length - 1];
    expect(last?.id).toBe(id);
    expect(last?.done).toBe(true);
    expect(second.list()[0]).toEqual(
      expect.objectContaining({ id, done: true, total: 200, templateName: 'halo_reseller' }),
    );
  }, 60_000);

  it('after a crash mid-send, a "sending" row is closed as unknown outcome and never resent; sent rows are only polled', async () => {
    const s1 = f.makeService();
    const recipients = [0, 1, 2, 3].map((i) => ({ phone: phone(i), name: `R${i}`, params: [`x${i}`] }));
    const { id } = await s1.create({
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-halo',
      language: 'id',
      recipients,
    });
    // Simulate the previous process: row 1 went out and was recorded, row 2 was mid-call when it died.
    const sent = await simClient(f.sim, silentLogger()).sendDirectBroadcast({
      to_number: intl(1),
      to_name: 'R1',
      message_template_id: 'tpl-halo',
      channel_integration_id: 'int-wa-1',
      language: { code: 'id' },
      parameters: { body: [{ key: '1', value: 'param1', value_text: 'x1' }] },
    });
    f.db
      .prepare(
        `UPDATE qontak_recipients SET status = 'pending', broadcast_id = ?, attempts = 1, sent_at = ?, next_poll_at = ? WHERE campaign_id = ? AND row_no = 2`,
      )
      .run(sent.id, Date.now(), Date.now(), id);
    f.db
      .prepare(`UPDATE qontak_recipients SET status = 'sending', attempts = 1 WHERE campaign_id = ? AND row_no = 3`)
      .run(id);

    const s2 = f.makeService();
    s2.start();
    await until(() => s2.get(id).done, 10_000, 'the campaign to finish');
    const rows = s2.get(id).recipients;
    expect(rows.map((r) => r.status)).toEqual(['read', 'read', 'failed', 'read']);
    expect(rows[2]?.error).toBe(UNKNOWN_OUTCOME_AFTER_RESTART);
    expect(f.sim.broadcasts.map((b) => b.to_number).sort()).toEqual([intl(0), intl(1), intl(3)]);
  });

  it("'delivered' becomes final after the bounded time when no read receipt comes", async () => {
    f.sim.setSchedule({ readAfterMs: null });
    const s = f.makeService({ timing: { ...FAST, deliveredFinalAfterMs: 150 } });
    const { id } = await s.create({
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-info',
      language: 'id',
      recipients: [{ phone: '081234567890', name: '', params: [] }],
    });
    s.start();
    await until(() => s.get(id).done, 5_000, 'done');
    const [row] = s.get(id).recipients;
    expect(row?.status).toBe('delivered');
    expect(row?.name).toBe('6281234567890');
  });

  it('the same broadcast asked for twice within 10 minutes is refused, not sent twice', async () => {
    const s = f.makeService();
    const recipients = [
      { phone: phone(1), name: 'A', params: ['x'] },
      { phone: phone(2), name: 'B', params: ['y'] },
    ];
    const input = { channelIntegrationId: 'int-wa-1', templateId: 'tpl-halo', language: 'id', recipients };
    const [a, b] = await Promise.allSettled([
      s.create(input),
      s.create({ ...input, recipients: [...recipients].reverse() }),
    ]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    const refused = (a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason) as AppError;
    expect(refused.code).toBe('CONFLICT');
    // Different values are a different broadcast.
    await expect(
      s.create({ ...input, recipients: [{ ...recipients[0]!, params: ['z'] }, recipients[1]!] }),
    ).resolves.toMatchObject({ rejected: [] });
    expect(s.list()).toHaveLength(2);
  });

  it('paces sends at ratePerSecond', async () => {
    const s = f.makeService({ ratePerSecond: () => 20 });
    const recipients = Array.from({ length: 6 }, (_, i) => ({ phone: phone(i), name: 'x', params: ['y'] }));
    await s.create({ channelIntegrationId: 'int-wa-1', templateId: 'tpl-halo', language: 'id', recipients });
    const started = Date.now();
    s.start();
    await until(() => f.sim.broadcasts.length === 6, 5_000, 'six sends');
    // Six sends at 20/s need at least five gaps of 50 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('a 422 at send time fails only that row, with the upstream message', async () => {
    const s = f.makeService();
    const recipients = [0, 1].map((i) => ({ phone: phone(i), name: 'x', params: ['y'] }));
    const { id } = await s.create({
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-halo',
      language: 'id',
      recipients,
    });
    f.db.prepare(`UPDATE qontak_recipients SET params = '["a","b"]' WHERE campaign_id = ? AND row_no = 1`).run(id);
    s.start();
    await until(() => s.get(id).done, 5_000, 'done');
    const rows = s.get(id).recipients;
    expect(rows[0]).toEqual(
      expect.objectContaining({ status: 'failed', error: expect.stringContaining('Message Template has 1 variable') }),
    );
    expect(rows[1]?.status).toBe('read');
  });

  it('tells how each send ended (the Qontak counters): sent, failed, rate limited', async () => {
    const outcomes: string[] = [];
    const s = f.makeService({ onSend: (o) => outcomes.push(o) });
    f.sim.inject({ kind: 'rateLimit', retryAfter: '3600', path: 'direct' });
    const recipients = [0, 1].map((i) => ({ phone: phone(i), name: 'x', params: ['y'] }));
    const { id } = await s.create({
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-halo',
      language: 'id',
      recipients,
    });
    f.db.prepare(`UPDATE qontak_recipients SET params = '["a","b"]' WHERE campaign_id = ? AND row_no = 1`).run(id);
    s.start();
    await until(() => s.get(id).done, 5_000, 'done');
    expect(outcomes[0]).toBe('rate_limited');
    expect(outcomes.slice(1).sort()).toEqual(['failed', 'sent']);
  });

  it('waits while Qontak is not configured or refuses the credentials, then carries on', async () => {
    let configured = false;
    const real = simClient(f.sim, silentLogger(), { sleep: quickSleep });
    const s = f.makeService({
      client: (): QontakClient => {
        if (!configured) throw new AppError('QONTAK_NOT_CONFIGURED', 'Qontak is not configured');
        return real;
      },
    });
    await expect(
      s.create({
        channelIntegrationId: 'int-wa-1',
        templateId: 'tpl-info',
        language: 'id',
        recipients: [{ phone: phone(1), name: 'a', params: [] }],
      }),
    ).rejects.toMatchObject({ code: 'QONTAK_NOT_CONFIGURED' });
    configured = true;
    const { id } = await s.create({
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-info',
      language: 'id',
      recipients: [{ phone: phone(1), name: 'a', params: [] }],
    });
    configured = false;
    s.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(s.get(id).counts.queued).toBe(1);
    configured = true;
    f.sim.inject({ kind: 'unauthorized', path: '/broadcasts/whatsapp/direct' });
    await until(() => s.get(id).done, 5_000, 'done');
    expect(s.get(id).counts.read).toBe(1);
    expect(f.sim.broadcasts).toHaveLength(1);
    expect(f.sim.requests.filter((r) => r.url.endsWith('/direct')).map((r) => r.status)).toEqual([401, 201]);
  });

  it('stops polling after giveUpAfterMs and says why', async () => {
    f.sim.setSchedule({ sentAfterMs: 60_000, deliveredAfterMs: 60_000, readAfterMs: null });
    const s = f.makeService({ timing: { ...FAST, giveUpAfterMs: 150 } });
    const { id } = await s.create({
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-info',
      language: 'id',
      recipients: [{ phone: phone(5), name: 'x', params: [] }],
    });
    s.start();
    await until(() => s.get(id).done, 5_000, 'done');
    const [row] = s.get(id).recipients;
    expect(row).toEqual(expect.objectContaining({ status: 'pending', error: 'no final delivery report after 0 min' }));
  });
});
