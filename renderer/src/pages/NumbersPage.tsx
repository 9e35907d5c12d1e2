import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WaNumber } from '../../../shared/dto';
import { ErrorText } from '../components/ErrorText';
import { NumberCard } from '../components/numbers/NumberCard';
import { NumberForm, type NumberFormValue } from '../components/numbers/NumberForm';
import type { OptionGlobals } from '../components/numbers/NumberOptionsFields';
import { NumberPairing } from '../components/numbers/NumberPairing';
import { refusalText } from '../components/numbers/refusal';
import { useAction, useLoad } from '../hooks/useCommand';
import { useNumbers } from '../hooks/useNumbers';

type Panel = { kind: 'none' } | { kind: 'pair'; id: string } | { kind: 'edit'; id: string };

/** The WhatsApp numbers of this installation: each one's state and phone; add, edit, link, remove. */
export function NumbersPage() {
  const { t } = useTranslation();
  const { list, statusOf, noteStatus } = useNumbers();
  const settings = useLoad('settings:get', undefined);
  const add = useAction('numbers:add');
  const update = useAction('numbers:update');
  const remove = useAction('numbers:remove');
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [notice, setNotice] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const numbers = list.value ?? [];
  const defaultTerminal = settings.value?.values.otomaxDefaultKodeTerminal ?? 1;
  const g = settings.value?.values;
  const globals: OptionGlobals = g
    ? {
        defaultReseller: g.otomaxDefaultReseller,
        forwardIncoming: g.otomaxForwardIncoming,
        forwardOutgoing: g.otomaxForwardOutgoing,
        forwardGroups: g.otomaxForwardGroups,
        forwardMedia: g.otomaxForwardMedia,
        autoReply: g.otomaxAutoReplyEnabled,
      }
    : {};
  const byId = (id: string | null) => numbers.find((n) => n.id === id) ?? null;
  const open = panel.kind === 'none' ? null : byId(panel.id);

  const onAdd = async (v: NumberFormValue) => {
    const n = await add.run({ name: v.name, kodeTerminal: v.kodeTerminal });
    if (!n) return;
    list.set([...numbers.filter((x) => x.id !== n.id), n]);
    setFormKey((k) => k + 1);
    setNotice(t('numbers.added', { name: n.name }));
    setPanel({ kind: 'pair', id: n.id });
  };

  const onSave = async (n: WaNumber, v: NumberFormValue, makePrimary: boolean) => {
    const saved = await update.run({
      id: n.id,
      name: v.name,
      kodeTerminal: v.kodeTerminal,
      fallbackId: v.fallbackId,
      ...v.options,
      ...(makePrimary ? { primary: true as const } : {}),
    });
    if (!saved) return;
    // Making one primary changes another too: the whole list again.
    if (makePrimary) list.reload();
    else list.set(numbers.map((x) => (x.id === saved.id ? saved : x)));
    setNotice(t('numbers.saved'));
    setPanel({ kind: 'none' });
  };

  const onRemove = async (n: WaNumber) => {
    const r = await remove.run({ id: n.id });
    if (!r) return;
    list.set(numbers.filter((x) => x.id !== n.id));
    if (panel.kind !== 'none' && panel.id === n.id) setPanel({ kind: 'none' });
    setNotice(t('numbers.removed', { name: n.name }));
  };

  const removeRefusal = refusalText(t, remove.error);
  return (
    <section className="page" aria-labelledby="numbers-title">
      <header className="page-header">
        <h1 id="numbers-title">{t('numbers.title')}</h1>
        <p className="page-sub">{t('numbers.subtitle')}</p>
      </header>
      {notice && (
        <p className="notice notice-info" role="status" data-testid="numbers-notice">
          {notice}
        </p>
      )}
      {list.loading && !list.value && <p className="muted">{t('numbers.loading')}</p>}
      <ErrorText error={list.error} />
      {removeRefusal ? (
        <p className="error-text" role="alert">
          {removeRefusal}
        </p>
      ) : (
        <ErrorText error={remove.error} />
      )}
      <ul className="number-list" aria-label={t('numbers.listLabel')}>
        {numbers.map((n) => (
          <Fragment key={n.id}>
            <NumberCard
              number={n}
              status={statusOf(n)}
              defaultTerminal={defaultTerminal}
              fallbackName={byId(n.fallbackId)?.name ?? null}
              removing={remove.busy}
              onPair={() => setPanel({ kind: 'pair', id: n.id })}
              onEdit={() => {
                update.clear();
                setPanel({ kind: 'edit', id: n.id });
              }}
              onRemove={() => void onRemove(n)}
            />
            {/* The panel opens under its own card, where the owner's eyes already are. */}
            {open?.id === n.id && panel.kind === 'pair' && (
              <PanelItem>
                <NumberPairing
                  number={n}
                  status={statusOf(n)}
                  onStatus={(s) => noteStatus(n.id, s)}
                  onClose={() => setPanel({ kind: 'none' })}
                />
              </PanelItem>
            )}
            {open?.id === n.id && panel.kind === 'edit' && (
              <PanelItem>
                <EditPanel
                  number={n}
                  others={numbers.filter((x) => x.id !== n.id)}
                  globals={globals}
                  defaultTerminal={defaultTerminal}
                  busy={update.busy}
                  error={update.error}
                  onSave={(v, primary) => void onSave(n, v, primary)}
                  onCancel={() => setPanel({ kind: 'none' })}
                />
              </PanelItem>
            )}
          </Fragment>
        ))}
      </ul>
      <section className="card" aria-labelledby="numbers-add-title">
        <h2 id="numbers-add-title">{t('numbers.addTitle')}</h2>
        <p className="hint">{t('numbers.addHint')}</p>
        <NumberForm
          key={formKey}
          defaultTerminal={defaultTerminal}
          submitLabel={t('numbers.add')}
          busy={add.busy}
          error={add.error}
          onSubmit={(v) => void onAdd(v)}
        />
      </section>
    </section>
  );
}

/** A panel in the list, brought into view when it opens. */
function PanelItem({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // jsdom has no scrollIntoView; Chromium and Electron do.
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);
  return (
    <li className="number-panel" ref={ref}>
      {children}
    </li>
  );
}

function EditPanel({
  number,
  others,
  globals,
  defaultTerminal,
  busy,
  error,
  onSave,
  onCancel,
}: {
  number: WaNumber;
  others: WaNumber[];
  globals: OptionGlobals;
  defaultTerminal: number;
  busy: boolean;
  error: Parameters<typeof NumberForm>[0]['error'];
  onSave: (v: NumberFormValue, makePrimary: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [makePrimary, setMakePrimary] = useState(false);
  return (
    <section className="card" aria-labelledby={`edit-${number.id}`} data-testid="number-edit">
      <h2 id={`edit-${number.id}`}>{t('numbers.editTitle', { name: number.name })}</h2>
      {!number.primary && (
        <label className="check-row">
          <input type="checkbox" checked={makePrimary} onChange={(e) => setMakePrimary(e.target.checked)} />{' '}
          {t('numbers.makePrimary')}
          <span className="hint"> {t('numbers.makePrimaryHint')}</span>
        </label>
      )}
      <NumberForm
        initial={number}
        others={others}
        globals={globals}
        defaultTerminal={defaultTerminal}
        submitLabel={t('numbers.save')}
        busy={busy}
        error={error}
        onSubmit={(v) => onSave(v, makePrimary)}
        onCancel={onCancel}
      />
    </section>
  );
}
