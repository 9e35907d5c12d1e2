import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Banners } from '../../renderer/src/components/Banners';
import { id } from '../../renderer/src/i18n/id';
import { LiveFlowPage } from '../../renderer/src/pages/LiveFlowPage';
import { StatusPage } from '../../renderer/src/pages/StatusPage';
import { createFakeApi, flowRow, metrics, NOW } from './fake-api';
import { renderWith } from './render';
import { FLOW_REDRAW_MS } from '../../renderer/src/hooks/useFlow';

const settle = () => act(async () => new Promise((r) => setTimeout(r, FLOW_REDRAW_MS + 40)));
const rowText = (rowId: string) => document.querySelector(`[data-row-id="${rowId}"]`)?.textContent ?? '';

describe('held replies, paused chats and Menunggu OtomaX in the window', () => {
  it('shows a held and a given-up reply with their reasons, and "Menunggu OtomaX" with its own filter', async () => {
    const { api } = renderWith(<LiveFlowPage />);
    await settle();
    await act(async () => {
      api.emit('message:logged', flowRow(5, { replyStatus: 'queued', replyError: 'held:reply_limit' }));
      api.emit('message:logged', flowRow(6, { replyStatus: 'failed', replyError: 'gave_up:chat_paused' }));
      api.emit(
        'message:logged',
        flowRow(7, { status: 'waiting_otomax', otomaxStatus: null, replyText: null, replyStatus: null }),
      );
    });
    await settle();
    expect(rowText('in:5')).toContain(id.flow.reply.held);
    expect(rowText('in:5')).toContain(id.flow.replyReasonShort.held_reply_limit);
    expect(rowText('in:6')).toContain(id.flow.reply.gave_up);
    expect(rowText('in:6')).toContain(id.flow.replyReasonShort.gave_up_chat_paused);
    expect(rowText('in:7')).toContain(id.flow.status.waiting_otomax);
    expect(rowText('in:7')).not.toContain(id.flow.status.forwarded);
    const option = screen.getByRole('option', { name: id.flow.status.waiting_otomax }) as HTMLOptionElement;
    expect(option.value).toBe('waiting_otomax');
  });

  it('the row detail says why the reply waits', async () => {
    const api = createFakeApi({
      'log:detail': () => ({
        ok: true,
        value: {
          row: flowRow(5, { replyStatus: 'queued', replyError: 'held:reply_limit' }),
          attempts: [],
          outbound: [
            {
              id: 1,
              kind: 'auto_reply',
              toPhone: '6281200000005',
              text: 'Trx 5 diproses',
              status: 'queued',
              waId: '3EB0AAAA',
              attempts: 0,
              createdAt: NOW,
              sentAt: null,
              deliveredAt: null,
              readAt: null,
              error: 'held:reply_limit',
            },
          ],
          raw: null,
          events: [],
        },
      }),
    });
    renderWith(<LiveFlowPage />, { api });
    await settle();
    fireEvent.click(document.querySelector('[data-row-id="in:1"]') as HTMLElement);
    await settle();
    expect(screen.getByTestId('outbound-reason').textContent).toContain(id.flow.replyReason.held_reply_limit);
  });

  it('a paused chat has a banner naming it and a button that releases it', async () => {
    const api = createFakeApi({ 'replies:release': () => ({ ok: true, value: { released: true } }) });
    renderWith(
      <Banners
        banners={[{ id: 'chat_paused', level: 'warning', since: NOW, phone: '6281234567890' }]}
        onGo={() => undefined}
      />,
      { api },
    );
    const banner = document.querySelector('[data-banner="chat_paused"]') as HTMLElement;
    expect(banner.textContent).toContain('+62 812-3456-7890');
    fireEvent.click(screen.getByRole('button', { name: id.banners.chat_paused.action }));
    await settle();
    expect(api.callsOf('replies:release')).toEqual([{ phone: '6281234567890' }]);
  });

  it('Status counts held replies', async () => {
    const api = createFakeApi({ 'metrics:get': () => ({ ok: true, value: { ...metrics(), heldReplies: 3 } }) });
    renderWith(<StatusPage />, { api });
    await settle();
    expect(screen.getByTestId('held-replies').textContent).toBe('3 balasan ditahan');
  });

  it('says in words why a message stopped: late, waited too long for OtomaX, unknown sender, forwarding off', async () => {
    const { api } = renderWith(<LiveFlowPage />);
    await settle();
    const none = { otomaxStatus: null, otomaxDesc: null, replyText: null, replyStatus: null, kodeInbox: null };
    await act(async () => {
      api.emit(
        'message:logged',
        flowRow(11, { ...none, status: 'expired', errorClass: 'late', error: 'arrived after _exp' }),
      );
      api.emit('message:logged', flowRow(12, { ...none, status: 'expired', errorClass: 'expired', error: 'x' }));
      api.emit('message:logged', flowRow(13, { ...none, status: 'sender_unknown', error: 'no phone number known' }));
      api.emit('message:logged', flowRow(14, { ...none, status: 'not_forwarded' }));
    });
    await settle();
    expect(rowText('in:11')).toContain(id.flow.rowReasonShort.expired_late);
    expect(rowText('in:11')).not.toContain('arrived after _exp');
    expect(rowText('in:12')).toContain(id.flow.rowReasonShort.expired_otomax);
    expect(rowText('in:13')).toContain(id.flow.rowReasonShort.sender_unknown);
    expect(rowText('in:14')).toContain(id.flow.rowReasonShort.not_forwarded);
  });
});
