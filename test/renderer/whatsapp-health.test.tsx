import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Banner, SessionStatus } from '../../shared/dto';
import { Banners } from '../../renderer/src/components/Banners';
import { en } from '../../renderer/src/i18n/en';
import { id } from '../../renderer/src/i18n/id';
import { PairingPage } from '../../renderer/src/pages/PairingPage';
import { StatusPage } from '../../renderer/src/pages/StatusPage';
import { createFakeApi, metrics } from './fake-api';
import { renderWith } from './render';

const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));

/** Issue 11: each new WhatsApp state and warning reaches the owner, in Indonesian first. */
describe('WhatsApp health in the window', () => {
  it('names the new states (link failed after a version refresh, 411) with what to do, and offers a new QR', async () => {
    const api = createFakeApi({
      'session:get': () => ({ ok: true, value: { sessionId: 's1', state: 'idle', since: 0 } }),
    });
    renderWith(<PairingPage onGo={() => undefined} />, { api });
    await settle();
    for (const state of ['link_failed', 'multidevice_mismatch'] as const) {
      await act(async () => api.emit('session:status', { sessionId: 's1', state, since: Date.now(), code: 408 }));
      const box = screen.getByTestId('session-state');
      expect(box.textContent).toContain(id.session.title[state]);
      expect(box.textContent).toContain(id.session.next[state]);
      expect(en.session.next[state].length).toBeGreaterThan(20);
    }
    await act(async () =>
      api.emit('session:status', { sessionId: 's1', state: 'link_failed', since: Date.now(), code: 408 }),
    );
    expect(screen.getByRole('button', { name: id.pairing.newQr })).toBeTruthy();
  });

  it('shows a flapping link, a send pause and the PC clock offset on the pairing page', async () => {
    const status: SessionStatus = {
      sessionId: 's1',
      state: 'open',
      since: 0,
      phone: '6281111111111',
      flapping: true,
      sendPausedUntil: Date.UTC(2025, 0, 1, 8, 2, 0),
      clockOffsetMs: 40_000,
    };
    const api = createFakeApi({ 'session:get': () => ({ ok: true, value: status }) });
    renderWith(<PairingPage onGo={() => undefined} />, { api });
    await settle();
    expect(screen.getByTestId('link-flapping').textContent).toBe(id.pairing.flapping);
    expect(screen.getByTestId('send-paused').textContent).toContain('ditahan sampai');
    const clock = screen.getByTestId('clock-offset').textContent ?? '';
    expect(clock).toContain('40 dtk');
    expect(clock).toContain('Sinkronkan sekarang');
    await act(async () => api.emit('session:status', { ...status, flapping: undefined, clockOffsetMs: -1_000 }));
    expect(screen.queryByTestId('link-flapping')).toBeNull();
    expect(screen.getByTestId('clock-offset').textContent).toBe('Selisih jam komputer dengan WhatsApp: -1 dtk.');
  });

  it('banners: rate limit until a time, flapping, clock skew with the seconds and how to fix it', async () => {
    const banners: Banner[] = [
      { id: 'wa_rate_limited', level: 'warning', since: 0, until: Date.UTC(2025, 0, 1, 8, 2, 0) },
      { id: 'wa_flapping', level: 'warning', since: 0 },
      { id: 'clock_skew', level: 'warning', since: 0, seconds: -40 },
      { id: 'multidevice_mismatch', level: 'error', since: 0 },
    ];
    renderWith(<Banners banners={banners} onGo={() => undefined} />);
    await settle();
    const text = (id: string) => document.querySelector(`[data-banner="${id}"]`)?.textContent ?? '';
    expect(text('wa_rate_limited')).toContain(id.banners.wa_rate_limited.title);
    expect(text('wa_rate_limited')).not.toContain('{{');
    expect(text('wa_flapping')).toContain(id.banners.wa_flapping.title);
    expect(text('clock_skew')).toContain('selisih 40 detik');
    expect(text('clock_skew')).toContain('Sinkronkan sekarang');
    expect(text('multidevice_mismatch')).toContain(id.banners.multidevice_mismatch.title);
  });

  it('counts "sender unknown" messages on the Status page', async () => {
    const api = createFakeApi({ 'metrics:get': () => ({ ok: true, value: metrics({ senderUnknown: 3 }) }) });
    renderWith(<StatusPage />, { api });
    await settle();
    const counter = screen.getByTestId('counter-senderUnknown');
    expect(counter.textContent).toBe('3');
    expect(counter.parentElement?.textContent).toContain(id.status.counter.senderUnknown);
    expect(counter.parentElement?.className).toContain('counter-bad');
  });
});
