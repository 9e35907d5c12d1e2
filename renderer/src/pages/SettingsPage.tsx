import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingKey } from '../../../shared/settings';
import { ErrorText } from '../components/ErrorText';
import { ApiKeyCard } from '../components/settings/ApiKeyCard';
import { CallbackCard } from '../components/settings/CallbackCard';
import { OtomaxTest } from '../components/settings/OtomaxTest';
import { SecretField } from '../components/settings/SecretField';
import { SettingField } from '../components/settings/SettingField';
import { useSettingsForm } from '../hooks/useSettingsForm';
import { FIELDS, SECRET_FIELDS, SECRET_FLAG, SECTIONS, fieldsOf, type SectionId } from '../lib/settings-fields';

function sectionOf(key: string): SectionId | undefined {
  if (key in FIELDS) return FIELDS[key as SettingKey].section;
  return SECTIONS.find((s) => (SECRET_FIELDS[s] as readonly string[] | undefined)?.includes(key));
}

export function SettingsPage() {
  const { t } = useTranslation();
  const form = useSettingsForm();
  const [section, setSection] = useState<SectionId>('otomax');
  const { view, errors } = form;

  const save = async () => {
    const refused = await form.save();
    // Show the first section with a field at fault, unless the open one has one.
    if (!refused || Object.keys(refused).some((k) => sectionOf(k) === section)) return;
    const first = SECTIONS.find((s) => Object.keys(refused).some((k) => sectionOf(k) === s));
    if (first) setSection(first);
  };

  const unplaced = Object.entries(errors).filter(([k]) => !sectionOf(k));

  return (
    <section className="page page-settings" aria-labelledby="settings-title">
      <header className="page-header">
        <h1 id="settings-title">{t('settings.title')}</h1>
      </header>
      <ErrorText error={form.loadError} />
      <div className="tabs" role="tablist" aria-label={t('settings.sections')}>
        {SECTIONS.map((s) => {
          const count = Object.keys(errors).filter((k) => sectionOf(k) === s).length;
          return (
            <button
              key={s}
              type="button"
              role="tab"
              id={`tab-${s}`}
              aria-selected={s === section}
              aria-controls={`panel-${s}`}
              className={`tab ${s === section ? 'active' : ''}`}
              onClick={() => setSection(s)}
            >
              {t(`settings.section.${s}`)}
              {count > 0 && (
                <span className="tab-errors" aria-label={t('settings.errorsInSection', { count })}>
                  {count}
                </span>
              )}
            </button>
          );
        })}
      </div>
      {view && (
        <form
          noValidate
          className="settings-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div
            role="tabpanel"
            id={`panel-${section}`}
            aria-labelledby={`tab-${section}`}
            className="card settings-panel"
          >
            <p className="hint">{t(`settings.sectionHint.${section}`)}</p>
            <div className="field-grid">
              {fieldsOf(section).map((key) => (
                <SettingField
                  key={key}
                  name={key}
                  value={form.value(key)}
                  onChange={(v) => form.setValue(key, v)}
                  source={view.sources[key]}
                  restart={view.restartRequired.includes(key)}
                  error={errors[key]}
                />
              ))}
              {(SECRET_FIELDS[section] ?? []).map((key) => (
                <SecretField
                  key={key}
                  name={key}
                  saved={view.secrets[SECRET_FLAG[key]]}
                  value={form.secret(key)}
                  onChange={(v) => form.setSecret(key, v)}
                  error={errors[key]}
                />
              ))}
            </div>
            {section === 'otomax' && <OtomaxTest patch={form.patch} />}
            {section === 'callback' && <CallbackCard />}
            {section === 'app' && <ApiKeyCard saved={view.secrets.hasApiKey} />}
          </div>
          <div className="save-bar">
            <div className="save-status" aria-live="polite">
              {form.error && Object.keys(errors).length === 0 ? (
                <ErrorText error={form.error} />
              ) : form.error ? (
                <p className="error-text" role="alert" data-testid="settings-error">
                  {t('settings.saveFailed', { count: Object.keys(errors).length })}
                  {unplaced.map(([k, m]) => ` ${k}: ${m}`).join(';')}
                </p>
              ) : form.savedAt ? (
                <p className="success" data-testid="settings-saved">
                  {t('settings.savedOk')}
                  {form.needsRestart.length > 0 && ` ${t('settings.restartNote')}`}
                </p>
              ) : form.dirty ? (
                <p className="hint">{t('settings.unsaved')}</p>
              ) : null}
            </div>
            <button type="button" className="btn btn-ghost" disabled={!form.dirty || form.saving} onClick={form.reset}>
              {t('settings.discard')}
            </button>
            <button
              type="submit"
              className="btn btn-primary"
              disabled={!form.dirty || form.saving}
              aria-busy={form.saving || undefined}
            >
              {form.saving ? t('settings.saving') : t('settings.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
