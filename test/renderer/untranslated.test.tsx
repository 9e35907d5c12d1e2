import { act, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { CommandName } from '../../shared/api';
import type { MessageStory, OtomaxTestReason, SetupChecklist } from '../../shared/dto';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { COMMAND_NAMES } from '../../shared/api';
import { ErrorText } from '../../renderer/src/components/ErrorText';
import { createI18n } from '../../renderer/src/i18n';
import { en } from '../../renderer/src/i18n/en';
import { id } from '../../renderer/src/i18n/id';
import { LiveFlowPage } from '../../renderer/src/pages/LiveFlowPage';
import { PairingPage } from '../../renderer/src/pages/PairingPage';
import { SettingsPage } from '../../renderer/src/pages/SettingsPage';
import { StatusPage } from '../../renderer/src/pages/StatusPage';
import { SetupChecklist as Checklist } from '../../renderer/src/components/setup/SetupChecklist';
import { createFakeApi, flowRow, metrics, type Handlers } from './fake-api';
import { renderWith } from './render';

/** Words of the engine's English (logs, OS errors) that must never reach the Indonesian window. */
const ENGLISH =
  /\b(the|is|not|was|error|failed|answered|received|queued|invalid|reachable|refused|connect|timeout|expected|unknown|set|OK)\b/;
/** Raw identifiers: error codes, snake_case steps and outcomes, socket errors. */
const RAW = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b[a-z0-9]+_[a-z0-9_]+\b|\bE[A-Z]{4,}\b/;
/** What an English engine message looks like; it must not appear in any language. */
const ENGINE_MESSAGE = 'connect ECONNREFUSED 127.0.0.1:5799 · Invalid token · Jembatan is not reachable';

/** What the owner reads: the screen's text minus the data it shows (message texts, raw OtomaX answers). */
function ownerText(root: HTMLElement): string {
  const copy = root.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('.mono, pre, script').forEach((e) => e.remove());
  return copy.textContent ?? '';
}

/** OtomaX's own field names, which the owner knows from OtomaX. */
const OTOMAX_NAMES = /\b(kode_reseller|kode_terminal|kode_inbox)\b/g;

function expectTranslated(shown: string) {
  const text = shown.replace(OTOMAX_NAMES, '');
  expect(text).not.toContain(ENGINE_MESSAGE);
  expect(text.match(ENGLISH)?.[0] ?? null, text).toBeNull();
  expect(text.match(RAW)?.[0] ?? null, text).toBeNull();
}

const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

/** Every command fails with `code` and an English message, as the engine sends it. */
function failingApi(code: ErrorCode, extra: Handlers = {}) {
  const handlers = Object.fromEntries(
    COMMAND_NAMES.map((name: CommandName) => [
      name,
      (): Result<never> => ({
        ok: false,
        error: { code, message: ENGINE_MESSAGE, params: { target: '127.0.0.1:5799', name: '--otomax-enabled' } },
      }),
    ]),
  ) as Handlers;
  return createFakeApi({ ...handlers, ...extra });
}

describe('no untranslated string in the Indonesian window', () => {
  it('every error code the engine can return has a sentence and a next step in both languages', () => {
    for (const code of ERROR_CODES) {
      for (const lang of [id, en]) {
        expect((lang.errors as Record<string, string>)[code], `errors.${code}`).toBeTruthy();
        expect((lang.errorHelp as Record<string, string>)[code], `errorHelp.${code}`).toBeTruthy();
      }
      const { container, unmount } = render(
        <I18nextProvider i18n={createI18n('id')}>
          <ErrorText
            error={{ code, message: ENGINE_MESSAGE, params: { target: '127.0.0.1:5799', name: '--otomax-enabled' } }}
          />
        </I18nextProvider>,
      );
      const text = ownerText(container);
      expect(text).toContain((id.errors as Record<string, string>)[code]);
      expectTranslated(text);
      expect(text).not.toContain('{{');
      unmount();
    }
  });

  it('each screen shows every error code in Indonesian, never the engine message or the code', async () => {
    const screens = [
      () => <PairingPage onGo={() => undefined} />,
      () => <LiveFlowPage />,
      () => <StatusPage />,
      () => <SettingsPage />,
    ];
    for (const [i, code] of ERROR_CODES.entries()) {
      const Screen = screens[i % screens.length]!;
      // Screens need something to show before an action can fail: let the reads of status succeed.
      const api = failingApi(
        code,
        i % 2 ? {} : { 'forwarding:get': createFakeApi().invoke.bind(null, 'forwarding:get') as never },
      );
      const { container, unmount } = renderWith(<Screen />, { api });
      await settle();
      for (const sw of screen.queryAllByRole('switch')) {
        await act(async () => {
          fireEvent.click(sw);
        });
      }
      const text = ownerText(container);
      expectTranslated(text);
      unmount();
    }
  });

  it('the happy screens, every settings section, a whole message story and the checklist are Indonesian', async () => {
    const story: MessageStory = {
      row: flowRow(1, { status: 'failed', error: 'connect ECONNREFUSED 127.0.0.1:5799', errorClass: 'unreachable' }),
      attempts: (
        ['ok', 'refused', 'timeout', 'reset', 'http_5xx', 'http_4xx', 'rejected', 'bad_response', 'expired'] as const
      ).map((outcome, n) => ({
        attempt: n + 1,
        startedAt: n,
        finishedAt: n + 1,
        outcome,
        httpStatus: null,
        error: ENGINE_MESSAGE,
        latencyMs: 10,
      })),
      outbound: [
        {
          id: 9,
          kind: 'auto_reply',
          toPhone: '6281200000001',
          text: 'Trx 1 diproses',
          status: 'failed',
          waId: 'W9',
          attempts: 3,
          createdAt: 5,
          sentAt: 6,
          deliveredAt: 7,
          readAt: 8,
          error: 'not on WhatsApp',
        },
      ],
      raw: null,
      events: [
        { at: 1, what: 'received', step: 'received' },
        { at: 2, what: 'attempt 1: refused', step: 'attempt', attempt: 1, outcome: 'refused' },
        { at: 3, what: 'otomax 21', step: 'otomax', otomaxStatus: 21 },
        { at: 4, what: 'marked_read', step: 'marked_read' },
        ...(['queued', 'sent', 'delivered', 'read'] as const).map((s, n) => ({
          at: 5 + n,
          what: `auto_reply ${s}`,
          step: `reply_${s}` as const,
          kind: 'auto_reply',
        })),
        { at: 9, what: 'outbox_received', step: 'outbox_received' },
      ],
    };
    const down = metrics();
    down.otomax = {
      ...down.otomax,
      reachable: false,
      lastError: ENGINE_MESSAGE,
      lastErrorClass: 'unreachable',
      lastErrorAt: 1,
    };
    const api = createFakeApi({
      'log:page': () => ({
        ok: true,
        value: {
          rows: [
            flowRow(1, { status: 'failed', error: ENGINE_MESSAGE, errorClass: 'unreachable', replyText: null }),
            flowRow(2, { status: 'failed', error: ENGINE_MESSAGE, errorClass: 'interrupted', replyText: null }),
            flowRow(3, { status: 'not_forwarded', error: 'forwarding was switched off', replyText: null }),
          ],
          nextCursor: null,
          total: 3,
        },
      }),
      'log:detail': () => ({ ok: true, value: story }),
      'metrics:get': () => ({ ok: true, value: down }),
      'forwarding:get': () => ({
        ok: true,
        value: { forwarding: true, autoReply: true, forwardingLockedBy: '--otomax-enabled' },
      }),
    });

    let r = renderWith(<LiveFlowPage />, { api });
    await settle();
    fireEvent.click(document.querySelector('[data-row-id="in:1"]') as HTMLElement);
    await settle();
    expect(screen.getByText(id.rowError.unreachable, { selector: 'dd' })).toBeTruthy();
    expectTranslated(ownerText(r.container.ownerDocument.body));
    r.unmount();

    r = renderWith(<StatusPage />, { api });
    await settle();
    expect(r.container.textContent).toContain(id.rowError.unreachable);
    expectTranslated(ownerText(r.container));
    r.unmount();

    r = renderWith(<SettingsPage />, { api });
    await settle();
    for (const tab of screen.getAllByRole('tab')) {
      fireEvent.click(tab);
      await settle();
      expectTranslated(ownerText(r.container));
    }
    r.unmount();

    const list: SetupChecklist = {
      steps: [
        { id: 'whatsapp', done: true },
        { id: 'otomax', done: false },
        { id: 'callback', done: false },
        { id: 'forwarding', done: false },
      ],
      complete: false,
      dismissed: false,
    };
    r = renderWith(<Checklist onGo={() => undefined} />, {
      api: createFakeApi({ 'setup:checklist': () => ({ ok: true, value: list }) }),
    });
    await settle();
    expect(screen.getByTestId('setup-checklist').textContent).toContain(id.checklist.step.callback);
    expectTranslated(ownerText(r.container));
    r.unmount();
  });

  it('"Uji koneksi" says every failure reason in Indonesian with what to do', async () => {
    const reasons: OtomaxTestReason[] = [
      'credentials',
      'unreachable',
      'timeout',
      'http',
      'bad_response',
      'not_configured',
      'other',
    ];
    for (const reason of reasons) {
      const api = createFakeApi({
        'otomax:test': () => ({
          ok: true,
          value: {
            ok: false,
            latencyMs: 3,
            message: ENGINE_MESSAGE,
            reason,
            params: { target: '127.0.0.1:5799', status: 502 },
          },
        }),
      });
      const r = renderWith(<SettingsPage />, { api });
      await settle();
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: id.settings.testOtomax }));
      });
      const text = screen.getByTestId('otomax-test-result').textContent ?? '';
      expect(text).toContain(id.otomaxTest.reason[reason].split('{{')[0]!.slice(0, 20));
      expect(text).not.toContain('{{');
      expectTranslated(text);
      r.unmount();
    }
  });
});
