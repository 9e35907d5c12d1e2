import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SettingsPatch } from '../../shared/settings';
import { SettingsPage } from '../../renderer/src/pages/SettingsPage';
import { id } from '../../renderer/src/i18n/id';
import { createFakeApi, settingsView } from './fake-api';
import { renderWith } from './render';

const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));
const L = id.settings.fields;

/** The message the field's aria-describedby points at. */
function describedText(el: HTMLElement): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((x) => document.getElementById(x)?.textContent ?? '')
    .join(' | ');
}

describe('settings page', () => {
  it('saves only what changed and says so', async () => {
    const api = createFakeApi({ 'settings:save': (patch) => ({ ok: true, value: settingsView(patch as never) }) });
    renderWith(<SettingsPage />, { api });
    await settle();
    const url = screen.getByLabelText(L.otomaxApiUrl.label) as HTMLInputElement;
    expect(url.value).toBe('http://localhost:5000/');
    fireEvent.change(url, { target: { value: 'http://192.168.1.5:5000/' } });
    fireEvent.change(screen.getByLabelText(L.otomaxDefaultKodeTerminal.label), { target: { value: '2' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: id.settings.save }));
    });
    expect(api.callsOf('settings:save')).toEqual([
      { otomaxApiUrl: 'http://192.168.1.5:5000/', otomaxDefaultKodeTerminal: 2 },
    ]);
    expect(screen.getByTestId('settings-saved').textContent).toBe(id.settings.savedOk);
    expect((screen.getByRole('button', { name: id.settings.save }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('puts each validation message next to its field and opens the section at fault', async () => {
    const api = createFakeApi({
      'settings:save': () => ({
        ok: false,
        error: {
          code: 'VALIDATION',
          message: 'otomaxApiUrl: expected a URL like http://host:port/',
          field: 'otomaxApiUrl',
          fields: { otomaxApiUrl: 'expected a URL like http://host:port/', port: 'expected a port number 0 to 65535' },
        },
      }),
    });
    renderWith(<SettingsPage />, { api });
    await settle();
    fireEvent.click(screen.getByRole('tab', { name: id.settings.section.app }));
    fireEvent.change(screen.getByLabelText(L.port.label), { target: { value: '99999' } });
    fireEvent.click(screen.getByRole('tab', { name: id.settings.section.otomax }));
    fireEvent.change(screen.getByLabelText(L.otomaxApiUrl.label), { target: { value: 'not a url' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: id.settings.save }));
    });
    const url = screen.getByLabelText(L.otomaxApiUrl.label);
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(url)).toContain('expected a URL like http://host:port/');
    expect(screen.getByTestId('settings-error').textContent).toBe('Belum tersimpan: 2 isian perlu diperbaiki.');
    expect(screen.getByRole('tab', { name: /Aplikasi/ }).textContent).toContain('1');
    fireEvent.click(screen.getByRole('tab', { name: /Aplikasi/ }));
    expect(describedText(screen.getByLabelText(L.port.label))).toContain('expected a port number 0 to 65535');
    // Typing again clears that field's message.
    fireEvent.change(screen.getByLabelText(L.port.label), { target: { value: '3001' } });
    expect(screen.getByLabelText(L.port.label).getAttribute('aria-invalid')).toBeNull();
  });

  it("says why a field was refused in the owner's language when the engine gives the reason", async () => {
    const api = createFakeApi({
      'settings:save': () => ({
        ok: false,
        error: {
          code: 'VALIDATION',
          message: 'port: expected a port number 0 to 65535',
          field: 'port',
          fields: { port: 'expected a port number 0 to 65535' },
          fieldReasons: { port: 'invalid' },
        },
      }),
    });
    renderWith(<SettingsPage />, { api });
    await settle();
    fireEvent.click(screen.getByRole('tab', { name: id.settings.section.app }));
    fireEvent.change(screen.getByLabelText(L.port.label), { target: { value: '99999' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: id.settings.save }));
    });
    const text = describedText(screen.getByLabelText(L.port.label));
    expect(text).toContain('Harus angka bulat dari 0 sampai 65535.');
    expect(text).not.toContain('expected');
  });

  it('shows secrets only as saved, sends a new one write-only, and can remove one', async () => {
    const saved: SettingsPatch[] = [];
    const api = createFakeApi({
      'settings:save': (patch) => {
        saved.push(patch);
        return { ok: true, value: settingsView() };
      },
    });
    renderWith(<SettingsPage />, { api });
    await settle();
    expect(screen.getByTestId('secret-otomaxAppKey').textContent).toBe(id.settings.secretSaved);
    expect(screen.getByTestId('secret-otomaxDevKey').textContent).toBe(id.settings.secretMissing);
    const appKey = screen.getByLabelText(L.otomaxAppKey.label) as HTMLInputElement;
    expect(appKey.type).toBe('password');
    expect(appKey.value).toBe('');
    fireEvent.change(screen.getByLabelText(L.otomaxDevKey.label), { target: { value: 'devkey-secret' } });
    fireEvent.click(screen.getByRole('button', { name: id.settings.secretRemove }));
    expect(screen.getByTestId('secret-otomaxAppKey').textContent).toBe(id.settings.secretRemoving);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: id.settings.save }));
    });
    expect(saved).toEqual([{ otomaxDevKey: 'devkey-secret', otomaxAppKey: '' }]);
    expect((screen.getByLabelText(L.otomaxDevKey.label) as HTMLInputElement).value).toBe('');
  });

  it('shows values fixed by an env var or flag read-only with their source', async () => {
    const view = settingsView();
    view.sources.otomaxApiUrl = 'env';
    view.sources.otomaxAppId = 'flag';
    const api = createFakeApi({ 'settings:get': () => ({ ok: true, value: view }) });
    renderWith(<SettingsPage />, { api });
    await settle();
    expect((screen.getByLabelText(L.otomaxApiUrl.label) as HTMLInputElement).readOnly).toBe(true);
    expect(screen.getByTestId('source-otomaxApiUrl').textContent).toBe(
      'Diatur oleh variabel lingkungan OTOMAX_API_URL',
    );
    expect(screen.getByTestId('source-otomaxAppId').textContent).toBe('Diatur oleh opsi --otomax-app-id');
  });

  it('tests OtomaX, registers the callback and shows a rotated API key once', async () => {
    const api = createFakeApi({
      'otomax:test': () => ({ ok: true, value: { ok: true, latencyMs: 42, message: 'OK', version: '4.1' } }),
      'callback:register': () => ({ ok: true, value: { url: 'http://127.0.0.1:3000/otomax/callback/s3cr3t' } }),
      'apikey:rotate': () => ({ ok: true, value: { apiKey: 'new-key-123' } }),
    });
    renderWith(<SettingsPage />, { api });
    await settle();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: id.settings.testOtomax }));
    });
    expect(screen.getByTestId('otomax-test-result').textContent).toBe('✓ OtomaX menjawab dalam 42 ms · versi 4.1');

    fireEvent.click(screen.getByRole('tab', { name: id.settings.section.callback }));
    await settle();
    expect((screen.getByTestId('callback-url') as HTMLInputElement).value).toBe(
      'http://127.0.0.1:3000/otomax/callback/s3cr3t',
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: id.settings.callbackRegister }));
    });
    expect(screen.getByText(id.settings.callbackRegistered)).toBeTruthy();

    fireEvent.click(screen.getByRole('tab', { name: id.settings.section.app }));
    fireEvent.click(screen.getByRole('button', { name: id.settings.apiKeyRotate }));
    expect(api.callsOf('apikey:rotate')).toEqual([]);
    await act(async () => {
      fireEvent.click(screen.getAllByRole('button', { name: id.settings.apiKeyRotate })[0] as HTMLElement);
    });
    expect((screen.getByTestId('new-api-key') as HTMLInputElement).value).toBe('new-key-123');
    fireEvent.click(screen.getByRole('button', { name: id.settings.apiKeyHide }));
    expect(screen.queryByTestId('new-api-key')).toBeNull();
  });
});
