import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { WaNumber, WaNumberInput } from '../../shared/dto';
import type { Result } from '../../shared/result';
import { App } from '../../renderer/src/App';
import { ApiProvider } from '../../renderer/src/api/ApiContext';
import { createI18n } from '../../renderer/src/i18n';
import { en } from '../../renderer/src/i18n/en';
import { id } from '../../renderer/src/i18n/id';
import { NumbersPage } from '../../renderer/src/pages/NumbersPage';
import { createFakeApi, NOW, type FakeApi } from './fake-api';
import { renderWith } from './render';

const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));

const primary: WaNumber = {
  id: 'default',
  name: 'Nomor utama',
  kodeTerminal: null,
  state: 'open',
  phone: '6281234567890',
  primary: true,
  fallbackId: null,
};
const spare: WaNumber = {
  id: 'wa-0000beef',
  name: 'Cadangan',
  kodeTerminal: 2,
  state: 'logged_out',
  phone: null,
  primary: false,
  fallbackId: 'default',
};

/** A fake engine holding a numbers list that the commands change, like the real one. */
function numbersApi(initial: WaNumber[] = [primary, spare]): FakeApi & { numbers: WaNumber[] } {
  const state = { numbers: [...initial] };
  const ok = <T,>(value: T): Result<T> => ({ ok: true, value });
  const api = createFakeApi({
    'numbers:list': () => ok(state.numbers),
    'numbers:add': (input: WaNumberInput) => {
      const n: WaNumber = {
        id: `wa-new${state.numbers.length}`,
        name: input.name,
        kodeTerminal: input.kodeTerminal ?? null,
        state: 'idle',
        phone: null,
        primary: false,
        fallbackId: null,
      };
      state.numbers = [...state.numbers, n];
      return ok(n);
    },
    'numbers:update': (u) => {
      const cur = state.numbers.find((n) => n.id === u.id);
      if (!cur) return { ok: false, error: { code: 'NOT_FOUND', message: 'gone' } };
      const next: WaNumber = {
        ...cur,
        ...(u.name !== undefined ? { name: u.name } : {}),
        ...(u.kodeTerminal !== undefined ? { kodeTerminal: u.kodeTerminal } : {}),
        ...(u.fallbackId !== undefined ? { fallbackId: u.fallbackId } : {}),
      };
      state.numbers = state.numbers.map((n) => (n.id === u.id ? next : n));
      return ok(next);
    },
    'numbers:remove': ({ id: gone }) => {
      state.numbers = state.numbers.filter((n) => n.id !== gone);
      return ok({ removed: true as const });
    },
    'pairing:start': () =>
      ok({ sessionId: 'wa-new2', state: 'qr', since: NOW, qr: '2@number,two,qr', qrExpiresAt: NOW + 20_000 }),
  });
  return Object.assign(api, {
    get numbers() {
      return state.numbers;
    },
  });
}

const card = (name: string) => {
  const el = screen.getAllByTestId('number-card').find((c) => within(c).queryByRole('heading', { name }));
  if (!el) throw new Error(`no card for ${name}`);
  return el;
};

describe('WhatsApp numbers screen', () => {
  it('lists every number with its state, phone and terminal; the primary first and not removable', async () => {
    renderWith(<NumbersPage />, { api: numbersApi() });
    await settle();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(id.numbers.title);
    const cards = screen.getAllByTestId('number-card');
    expect(cards.map((c) => c.getAttribute('data-id'))).toEqual(['default', 'wa-0000beef']);

    const p = card('Nomor utama');
    expect(within(p).getByText(id.numbers.primary)).toBeTruthy();
    expect(within(p).getByTestId('number-state').textContent).toBe(id.session.short.open);
    expect(within(p).getByTestId('number-phone').textContent).toBe('+62 812-3456-7890');
    // No terminal of its own: the global default, with its value.
    expect(within(p).getByText('Terminal bawaan (1)')).toBeTruthy();
    expect(within(p).queryByRole('button', { name: id.numbers.remove })).toBeNull();
    expect(within(p).getByText(id.numbers.primaryNoRemove)).toBeTruthy();
    // Linked: nothing to pair.
    expect(within(p).queryByRole('button', { name: id.numbers.pair })).toBeNull();

    const s = card('Cadangan');
    expect(within(s).getByTestId('number-state').textContent).toBe(id.session.short.logged_out);
    expect(within(s).getByTestId('number-phone').textContent).toBe(id.numbers.phoneNone);
    expect(within(s).getByText('Terminal 2')).toBeTruthy();
    expect(within(s).getByText('Cadangan saat putus: Nomor utama')).toBeTruthy();
  });

  it('adds a number with its terminal and opens its linking at once, for that number', async () => {
    const api = numbersApi();
    renderWith(<NumbersPage />, { api });
    await settle();
    fireEvent.change(screen.getByLabelText(id.numbers.nameLabel), { target: { value: '  H2H  ' } });
    fireEvent.change(screen.getByLabelText(id.numbers.terminalLabel), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: id.numbers.add }));
    await settle();
    expect(api.callsOf('numbers:add')).toEqual([{ name: 'H2H', kodeTerminal: 7 }]);
    expect(card('H2H').getAttribute('data-state')).toBe('idle');
    expect(screen.getByTestId('numbers-notice').textContent).toBe(id.numbers.added.replace('{{name}}', 'H2H'));
    // The form is empty again for the next one.
    expect((screen.getByLabelText(id.numbers.nameLabel) as HTMLInputElement).value).toBe('');

    const pairing = screen.getByTestId('number-pairing');
    expect(within(pairing).getByRole('heading').textContent).toBe('Tautkan "H2H"');
    fireEvent.click(within(pairing).getByRole('button', { name: id.pairing.start }));
    await settle();
    // The pairing command names the new number; the QR it answered is shown for it.
    expect(api.callsOf('pairing:start')).toEqual([{ mode: 'qr', number: 'wa-new2' }]);
    expect(within(pairing).getByRole('img', { name: id.pairing.qrLabel })).toBeTruthy();
    // The QR ran out: the button says what it does now, as on the Pairing screen.
    await act(async () => {
      api.emit('session:status', { sessionId: 'wa-new2', state: 'qr_timeout', since: NOW });
    });
    expect(within(pairing).getByRole('button', { name: id.pairing.newQr })).toBeTruthy();
    // Linked: its event (by its session id) turns the card and the panel to open.
    await act(async () => {
      api.emit('session:status', { sessionId: 'wa-new2', state: 'open', since: NOW, phone: '6285550001111' });
    });
    expect(card('H2H').getAttribute('data-state')).toBe('open');
    expect(within(card('H2H')).getByTestId('number-phone').textContent).toBe('+62 855-5000-1111');
    expect(screen.getByTestId('number-pairing-state').textContent).toBe(
      'Tersambung sebagai +62 855-5000-1111. Pesan ke nomor ini sekarang masuk ke OtomaX.',
    );
  });

  it('links the primary without naming it (what every engine understands)', async () => {
    const api = numbersApi([{ ...primary, state: 'logged_out', phone: null }]);
    api.handle('session:get', () => ({ ok: true, value: { sessionId: 'default', state: 'logged_out', since: 0 } }));
    renderWith(<NumbersPage />, { api });
    await settle();
    fireEvent.click(within(card('Nomor utama')).getByRole('button', { name: id.numbers.pair }));
    fireEvent.click(within(screen.getByTestId('number-pairing')).getByRole('button', { name: id.pairing.start }));
    await settle();
    expect(api.callsOf('pairing:start')).toEqual([{ mode: 'qr' }]);
  });

  it('checks the name and terminal before asking the engine', async () => {
    const api = numbersApi();
    renderWith(<NumbersPage />, { api });
    await settle();
    fireEvent.change(screen.getByLabelText(id.numbers.terminalLabel), { target: { value: '2,5' } });
    fireEvent.click(screen.getByRole('button', { name: id.numbers.add }));
    await settle();
    expect(api.callsOf('numbers:add')).toEqual([]);
    expect(screen.getByText(id.numbers.nameRequired)).toBeTruthy();
    expect(screen.getByText(id.numbers.terminalInvalid)).toBeTruthy();
  });

  it("says which number already has the terminal, in the owner's words", async () => {
    const api = numbersApi();
    api.handle('numbers:add', () => ({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'kode_terminal 2 is already used by wa-0000beef',
        field: 'kodeTerminal',
        params: { reason: 'terminal_taken', name: 'Cadangan' },
      },
    }));
    renderWith(<NumbersPage />, { api });
    await settle();
    fireEvent.change(screen.getByLabelText(id.numbers.nameLabel), { target: { value: 'Baru' } });
    fireEvent.change(screen.getByLabelText(id.numbers.terminalLabel), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: id.numbers.add }));
    await settle();
    expect(
      screen.getByText(
        'Kode terminal ini sudah dipakai nomor "Cadangan". Pilih kode lain, atau ubah kode nomor itu dulu.',
      ),
    ).toBeTruthy();
    expect(document.body.textContent).not.toContain('already used');
    expect(screen.getAllByTestId('number-card')).toHaveLength(2);
  });

  it('renames a number and sets its fallback', async () => {
    const api = numbersApi();
    renderWith(<NumbersPage />, { api });
    await settle();
    fireEvent.click(within(card('Cadangan')).getByRole('button', { name: id.numbers.edit }));
    const edit = screen.getByTestId('number-edit');
    const name = within(edit).getByLabelText(id.numbers.nameLabel) as HTMLInputElement;
    expect(name.value).toBe('Cadangan');
    expect((within(edit).getByLabelText(id.numbers.terminalLabel) as HTMLInputElement).value).toBe('2');
    fireEvent.change(name, { target: { value: 'Pusat 2' } });
    fireEvent.change(within(edit).getByLabelText(id.numbers.fallbackLabel), { target: { value: '' } });
    fireEvent.click(within(edit).getByRole('button', { name: id.numbers.save }));
    await settle();
    expect(api.callsOf('numbers:update')).toEqual([
      { id: 'wa-0000beef', name: 'Pusat 2', kodeTerminal: 2, fallbackId: null },
    ]);
    expect(screen.queryByTestId('number-edit')).toBeNull();
    expect(within(card('Pusat 2')).queryByText(/Cadangan saat putus/)).toBeNull();
  });

  it('makes another number the primary and reloads the list (the old primary changes too)', async () => {
    const api = numbersApi();
    renderWith(<NumbersPage />, { api });
    await settle();
    // The primary's own form has no "make primary".
    fireEvent.click(within(card('Nomor utama')).getByRole('button', { name: id.numbers.edit }));
    expect(within(screen.getByTestId('number-edit')).queryByLabelText(id.numbers.makePrimary)).toBeNull();
    fireEvent.click(within(card('Cadangan')).getByRole('button', { name: id.numbers.edit }));
    const edit = screen.getByTestId('number-edit');
    fireEvent.click(within(edit).getByLabelText(id.numbers.makePrimary, { exact: false }));
    const listsBefore = api.callsOf('numbers:list').length;
    fireEvent.click(within(edit).getByRole('button', { name: id.numbers.save }));
    await settle();
    expect(api.callsOf('numbers:update')).toEqual([
      { id: 'wa-0000beef', name: 'Cadangan', kodeTerminal: 2, fallbackId: 'default', primary: true },
    ]);
    expect(api.callsOf('numbers:list').length).toBe(listsBefore + 1);
  });

  it('removes a number only after a confirmation that says its messages stay in the log', async () => {
    const api = numbersApi();
    renderWith(<NumbersPage />, { api });
    await settle();
    fireEvent.click(within(card('Cadangan')).getByRole('button', { name: id.numbers.remove }));
    expect(api.callsOf('numbers:remove')).toEqual([]);
    const question = within(card('Cadangan')).getByRole('group');
    expect(question.getAttribute('aria-label')).toBe(
      'Hapus "Cadangan"? Nomor ini berhenti dan dilepas dari WhatsApp; pesan-pesannya tetap ada di log.',
    );
    fireEvent.click(within(question).getByRole('button', { name: id.numbers.removeConfirm }));
    await settle();
    expect(api.callsOf('numbers:remove')).toEqual([{ id: 'wa-0000beef' }]);
    expect(screen.getAllByTestId('number-card').map((c) => c.getAttribute('data-id'))).toEqual(['default']);
    expect(screen.getByTestId('numbers-notice').textContent).toBe(
      'Nomor "Cadangan" sudah dihapus. Pesan-pesannya tetap ada di log.',
    );
  });

  it('follows numbers:changed from the engine', async () => {
    const api = numbersApi();
    renderWith(<NumbersPage />, { api });
    await settle();
    await act(async () => api.emit('numbers:changed', [primary, { ...spare, name: 'Diganti', state: 'open' }]));
    expect(card('Diganti').getAttribute('data-state')).toBe('open');
  });

  it('speaks English too', async () => {
    renderWith(<NumbersPage />, { api: numbersApi(), lang: 'en' });
    await settle();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(en.numbers.title);
    expect(within(card('Nomor utama')).getByText('Default terminal (1)')).toBeTruthy();
    expect(within(card('Cadangan')).getByTestId('number-state').textContent).toBe(en.session.short.logged_out);
  });

  it('is in the navigation', async () => {
    const api = numbersApi();
    render(
      <I18nextProvider i18n={createI18n('id')}>
        <ApiProvider client={api}>
          <App />
        </ApiProvider>
      </I18nextProvider>,
    );
    await settle();
    fireEvent.click(screen.getByRole('link', { name: id.nav.numbers }));
    await settle();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(id.numbers.title);
    expect(window.location.hash).toBe('#/numbers');
    expect(screen.getAllByTestId('number-card')).toHaveLength(2);
  });
});
