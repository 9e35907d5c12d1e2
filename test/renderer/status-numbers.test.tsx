import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { WaNumber } from '../../shared/dto';
import { en } from '../../renderer/src/i18n/en';
import { id } from '../../renderer/src/i18n/id';
import { StatusPage } from '../../renderer/src/pages/StatusPage';
import { createFakeApi, openSession } from './fake-api';
import { renderWith } from './render';

/** Issue 17: Status's WhatsApp card with several numbers shows each one's state and phone, by name. */
const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));

const three: WaNumber[] = [
  {
    id: 'default',
    name: 'Pusat',
    kodeTerminal: null,
    state: 'open',
    phone: '6281234567890',
    primary: true,
    fallbackId: null,
  },
  {
    id: 'wa-0000beef',
    name: 'Cadangan',
    kodeTerminal: 2,
    state: 'reconnecting',
    phone: '6281100000002',
    primary: false,
    fallbackId: null,
  },
  {
    id: 'wa-0000cafe',
    name: 'H2H',
    kodeTerminal: 3,
    state: 'logged_out',
    phone: null,
    primary: false,
    fallbackId: null,
  },
];

const rowOf = (name: string) => {
  const r = screen.getAllByTestId('wa-number').find((x) => x.textContent?.includes(name));
  if (!r) throw new Error(`no row for ${name}`);
  return r;
};

describe("Status's WhatsApp card with several numbers", () => {
  it('lists each number by name with its own state and phone, Indonesian first, kept live by session:status', async () => {
    const api = createFakeApi({
      'numbers:list': () => ({ ok: true, value: three }),
      'session:get': () => ({ ok: true, value: { ...openSession, sessionId: 'default', primary: true } }),
    });
    renderWith(<StatusPage />, { api });
    await settle();
    expect(screen.queryByTestId('wa-state')).toBeNull();
    expect(screen.getByTestId('wa-summary').textContent).toBe('1 dari 3 nomor tersambung');
    expect(screen.getAllByTestId('wa-number')).toHaveLength(3);
    const pusat = rowOf('Pusat');
    expect(within(pusat).getByText(id.numbers.primary)).toBeTruthy();
    expect(within(pusat).getByTestId('wa-number-state').textContent).toBe(id.session.short.open);
    expect(within(rowOf('Cadangan')).getByTestId('wa-number-state').textContent).toBe(id.session.short.reconnecting);
    expect(within(rowOf('H2H')).getByTestId('wa-number-state').textContent).toBe(id.session.short.logged_out);
    expect(within(rowOf('H2H')).getByText(id.statusNumbers.phoneNone)).toBeTruthy();
    // Phones as the owner writes them, never a raw id.
    const card = screen.getByTestId('wa-card');
    expect(within(rowOf('Cadangan')).getByText('+62 811-0000-0002')).toBeTruthy();
    expect(card.textContent).not.toMatch(/wa-0000|default|logged_out|reconnecting/);

    // H2H is linked again: its row and the count follow the event.
    await act(async () =>
      api.emit('session:status', { sessionId: 'wa-0000cafe', state: 'open', since: 5, phone: '6281100000003' }),
    );
    await act(async () =>
      api.emit('session:status', { sessionId: 'wa-0000beef', state: 'open', since: 6, phone: '6281100000002' }),
    );
    expect(within(rowOf('H2H')).getByTestId('wa-number-state').textContent).toBe(id.session.short.open);
    expect(screen.getByTestId('wa-summary').textContent).toBe('3 dari 3 nomor tersambung');
  });

  it('one number keeps the single large state', async () => {
    renderWith(<StatusPage />, {
      api: createFakeApi({ 'numbers:list': () => ({ ok: true, value: [three[0]!] }) }),
    });
    await settle();
    expect(screen.getByTestId('wa-state')).toBeTruthy();
    expect(screen.queryByTestId('wa-card')).toBeNull();
  });

  it('says it in English', async () => {
    renderWith(<StatusPage />, {
      api: createFakeApi({ 'numbers:list': () => ({ ok: true, value: three }) }),
      lang: 'en',
    });
    await settle();
    expect(screen.getByTestId('wa-summary').textContent).toBe('1 of 3 numbers connected');
    expect(within(rowOf('H2H')).getByText(en.statusNumbers.phoneNone)).toBeTruthy();
    expect(within(rowOf('Cadangan')).getByTestId('wa-number-state').textContent).toBe(en.session.short.reconnecting);
  });
});
