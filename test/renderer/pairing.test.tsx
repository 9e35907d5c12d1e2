import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionState, SessionStatus } from '../../shared/dto';
import { PairingPage } from '../../renderer/src/pages/PairingPage';
import { id } from '../../renderer/src/i18n/id';
import { createFakeApi } from './fake-api';
import { renderWith } from './render';

const idle: SessionStatus = { sessionId: 's1', state: 'idle', since: 0 };

afterEach(() => {
  vi.useRealTimers();
});

describe('pairing page', () => {
  it('shows the QR large enough to scan and counts down to the next code', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const api = createFakeApi({
      'session:get': () => ({
        ok: true,
        value: { sessionId: 's1', state: 'qr', since: 1_000_000, qr: '2@abc,def,ghi', qrExpiresAt: 1_020_000 },
      }),
    });
    renderWith(<PairingPage onGo={() => undefined} />, { api });
    await act(async () => undefined);
    const qr = screen.getByRole('img', { name: id.pairing.qrLabel });
    expect(Number(qr.getAttribute('width'))).toBeGreaterThanOrEqual(256);
    expect(qr.querySelector('path')?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(screen.getByTestId('qr-countdown').textContent).toBe('Kode ini berganti dalam 20 dtk');
    // Some accounts can only link with a passkey, which Baileys cannot do: the window says so instead of hanging.
    expect(screen.getByTestId('passkey-note').textContent).toBe(id.pairing.passkeyNote);
    await act(async () => {
      vi.advanceTimersByTime(5_000);
    });
    expect(screen.getByTestId('qr-countdown').textContent).toBe('Kode ini berganti dalam 15 dtk');
    await act(async () => {
      vi.advanceTimersByTime(16_000);
    });
    expect(screen.getByTestId('qr-countdown').textContent).toBe(id.pairing.qrWaitingNew);
    // A new QR arrives as an event and replaces the old one.
    await act(async () => {
      api.emit('session:status', {
        sessionId: 's1',
        state: 'qr',
        since: Date.now(),
        qr: '2@new',
        qrExpiresAt: Date.now() + 20_000,
      });
    });
    expect(screen.getByTestId('qr-countdown').textContent).toBe('Kode ini berganti dalam 20 dtk');
  });

  it('names every session state and what to do next', async () => {
    const api = createFakeApi({ 'session:get': () => ({ ok: true, value: idle }) });
    renderWith(<PairingPage onGo={() => undefined} />, { api });
    const states: SessionState[] = [
      'connecting',
      'reconnecting',
      'logged_out',
      'blocked',
      'replaced',
      'version_too_old',
      'qr_timeout',
      'stopped',
      'open',
      'idle',
    ];
    for (const state of states) {
      await act(async () => {
        api.emit('session:status', {
          sessionId: 's1',
          state,
          since: Date.now(),
          nextRetryAt: Date.now() + 8000,
          attempt: 2,
          phone: '6281234567890',
        });
      });
      const box = screen.getByTestId('session-state');
      expect(box.getAttribute('data-state')).toBe(state);
      expect(box.textContent).toContain(id.session.title[state]);
      expect(box.textContent).toContain(id.session.next[state]);
      expect(box.getAttribute('aria-live')).toBe('polite');
    }
    await act(async () => {
      api.emit('session:status', {
        sessionId: 's1',
        state: 'reconnecting',
        since: Date.now(),
        nextRetryAt: Date.now() + 8000,
        attempt: 2,
      });
    });
    expect(screen.getByText(/Mencoba lagi dalam [78] dtk \(percobaan ke-2\)/)).toBeTruthy();
    await act(async () => {
      api.emit('session:status', { sessionId: 's1', state: 'qr_timeout', since: Date.now() });
    });
    fireEvent.click(screen.getByRole('button', { name: id.pairing.newQr }));
    expect(api.callsOf('pairing:start')).toEqual([{ mode: 'qr' }]);
  });

  it('links with a pairing code typed on the phone', async () => {
    const api = createFakeApi({
      'session:get': () => ({ ok: true, value: idle }),
      'pairing:start': (input) => ({
        ok: true,
        value: {
          sessionId: 's1',
          state: 'pairing_code',
          since: Date.now(),
          pairingCode: 'ABCD1234',
          pairingPhone: input.mode === 'code' ? input.phone : '',
        },
      }),
    });
    renderWith(<PairingPage onGo={() => undefined} />, { api });
    await act(async () => undefined);
    fireEvent.click(screen.getByRole('button', { name: id.pairing.useCodeInstead }));
    const phone = screen.getByLabelText(id.pairing.phoneLabel);
    fireEvent.change(phone, { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: id.pairing.getCode }));
    expect(screen.getByText(id.pairing.phoneInvalid)).toBeTruthy();
    expect(api.callsOf('pairing:start')).toEqual([]);

    fireEvent.change(phone, { target: { value: '0812-3456-7890' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: id.pairing.getCode }));
    });
    expect(api.callsOf('pairing:start')).toEqual([{ mode: 'code', phone: '6281234567890' }]);
    expect(screen.getByTestId('pairing-code').textContent).toBe('ABCD-1234');
    expect(screen.getByText('Kode untuk +62 812-3456-7890')).toBeTruthy();
  });

  it('shows the engine refusal next to the phone field and the keychain warning', async () => {
    const api = createFakeApi({
      'session:get': () => ({ ok: true, value: idle }),
      'app:info': () => ({
        ok: true,
        value: {
          version: '0',
          host: 'headless',
          dataDir: '',
          databasePath: '',
          keychain: { available: false, reason: 'no secret service' },
          whatsappMode: 'baileys',
          apiUrl: '',
        },
      }),
      'pairing:start': () => ({
        ok: false,
        error: { code: 'VALIDATION', message: 'phone: not on WhatsApp', fields: { phone: 'not on WhatsApp' } },
      }),
    });
    renderWith(<PairingPage onGo={() => undefined} />, { api });
    await act(async () => undefined);
    // The OS's English reason stays in the log; the owner reads what it means and what to do.
    expect(screen.getByTestId('keychain-notice').textContent).toContain(id.pairing.keychainBody);
    expect(screen.getByTestId('keychain-notice').textContent).not.toContain('no secret service');
    fireEvent.click(screen.getByRole('button', { name: id.pairing.useCodeInstead }));
    fireEvent.change(screen.getByLabelText(id.pairing.phoneLabel), { target: { value: '081234567890' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: id.pairing.getCode }));
    });
    const input = screen.getByLabelText(id.pairing.phoneLabel);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const describedBy = input.getAttribute('aria-describedby') ?? '';
    expect(describedBy.split(' ').map((x) => document.getElementById(x)?.textContent)).toContain(
      id.pairing.phoneInvalid,
    );
  });
});
