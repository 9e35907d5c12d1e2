import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { WaNumber, WaNumberOptions } from '../../shared/dto';
import type { Result } from '../../shared/result';
import { en } from '../../renderer/src/i18n/en';
import { id } from '../../renderer/src/i18n/id';
import { NumbersPage } from '../../renderer/src/pages/NumbersPage';
import { createFakeApi, settingsView, type FakeApi } from './fake-api';
import { renderWith } from './render';

/** Issue 17: a number's own options in its edit form ("Ikuti pengaturan umum" = null, or an explicit value). */
const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));

const none: WaNumberOptions = {
  defaultReseller: null,
  forwardIncoming: null,
  forwardOutgoing: null,
  forwardGroups: null,
  forwardMedia: null,
  autoReply: null,
};
const primary: WaNumber = {
  id: 'default',
  name: 'Nomor utama',
  kodeTerminal: null,
  state: 'open',
  phone: '6281234567890',
  primary: true,
  fallbackId: null,
  options: none,
};
const dua: WaNumber = {
  id: 'wa-0000beef',
  name: 'Dua',
  kodeTerminal: 2,
  state: 'open',
  phone: '6281100000002',
  primary: false,
  fallbackId: null,
  options: { ...none, forwardGroups: false, defaultReseller: 'R0002' },
};

function api(): FakeApi {
  const ok = <T,>(value: T): Result<T> => ({ ok: true, value });
  const list = [primary, dua];
  return createFakeApi({
    'numbers:list': () => ok(list),
    // The general settings: groups forwarded, reseller R0001 (named next to "follow").
    'settings:get': () => ok(settingsView({ otomaxForwardGroups: true, otomaxDefaultReseller: 'R0001' })),
    'numbers:update': (u) => {
      const cur = list.find((n) => n.id === u.id) ?? primary;
      return ok({ ...cur, options: { ...(cur.options ?? none), ...u } as WaNumberOptions });
    },
  });
}

const editOf = async (name: string, edit = id.numbers.edit) => {
  const c = screen.getAllByTestId('number-card').find((x) => within(x).queryByRole('heading', { name }));
  if (!c) throw new Error(`no card ${name}`);
  fireEvent.click(within(c).getByRole('button', { name: edit }));
  await settle();
  return screen.getByTestId('number-edit');
};

describe("a number's own options in the edit form", () => {
  it('shows the stored choices, says what "follow" means today, and sends only what changed', async () => {
    const fake = api();
    renderWith(<NumbersPage />, { api: fake });
    await settle();
    const edit = await editOf('Dua');
    const box = within(edit).getByTestId('number-options');
    expect(within(box).getByText(id.numberOptions.title)).toBeTruthy();
    const groups = within(box).getByLabelText(id.numberOptions.forwardGroups) as HTMLSelectElement;
    expect(groups.value).toBe('off');
    const incoming = within(box).getByLabelText(id.numberOptions.forwardIncoming) as HTMLSelectElement;
    expect(incoming.value).toBe('inherit');
    // "Follow" names the general value in Indonesian (fake settings: incoming on).
    expect(incoming.selectedOptions[0]?.textContent).toBe('Ikuti pengaturan umum (sekarang: Ya)');
    const reseller = within(box).getByLabelText(id.numberOptions.resellerLabel) as HTMLInputElement;
    expect(reseller.value).toBe('R0002');
    expect(within(box).getByText('Kosongkan untuk mengikuti pengaturan umum (sekarang: R0001).')).toBeTruthy();

    // Groups back to the general setting, auto-reply off for this number, reseller emptied (= follow).
    fireEvent.change(groups, { target: { value: 'inherit' } });
    fireEvent.change(within(box).getByLabelText(id.numberOptions.autoReply), { target: { value: 'off' } });
    fireEvent.change(reseller, { target: { value: '' } });
    fireEvent.click(within(edit).getByRole('button', { name: id.numbers.save }));
    await settle();
    expect(fake.callsOf('numbers:update')).toEqual([
      {
        id: 'wa-0000beef',
        name: 'Dua',
        kodeTerminal: 2,
        fallbackId: null,
        defaultReseller: null,
        forwardGroups: null,
        autoReply: false,
      },
    ]);
    expect(screen.getByTestId('numbers-notice').textContent).toBe(id.numbers.saved);
  });

  it('an untouched form sends no options; the add form has none; a too-long reseller is stopped in the form', async () => {
    const fake = api();
    renderWith(<NumbersPage />, { api: fake });
    await settle();
    // Adding a number: name and terminal only.
    expect(screen.queryByTestId('number-options')).toBeNull();
    const edit = await editOf('Nomor utama');
    fireEvent.click(within(edit).getByRole('button', { name: id.numbers.save }));
    await settle();
    expect(fake.callsOf('numbers:update')).toEqual([
      { id: 'default', name: 'Nomor utama', kodeTerminal: null, fallbackId: null },
    ]);
    const again = await editOf('Nomor utama');
    fireEvent.change(within(again).getByLabelText(id.numberOptions.resellerLabel), {
      target: { value: 'R'.repeat(60) },
    });
    fireEvent.click(within(again).getByRole('button', { name: id.numbers.save }));
    await settle();
    expect(within(again).getByText(id.numberOptions.resellerInvalid)).toBeTruthy();
    expect(fake.callsOf('numbers:update')).toHaveLength(1);
  });

  it('says it in English too, every text from the table', async () => {
    renderWith(<NumbersPage />, { api: api(), lang: 'en' });
    await settle();
    const edit = await editOf('Dua', en.numbers.edit);
    const box = within(edit).getByTestId('number-options');
    expect(within(box).getByText(en.numberOptions.title)).toBeTruthy();
    const media = within(box).getByLabelText(en.numberOptions.forwardMedia) as HTMLSelectElement;
    expect([...media.options].map((o) => o.textContent)).toEqual([
      'Follow the general settings (now: No)',
      en.numberOptions.on,
      en.numberOptions.off,
    ]);
    expect(box.textContent).not.toMatch(/numberOptions\.|forward_|null/);
  });
});
