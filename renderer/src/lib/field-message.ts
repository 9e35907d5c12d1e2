import type { TFunction } from 'i18next';
import type { SettingKey } from '../../../shared/settings';
import type { FieldReason } from '../../../shared/settings-meta';
import { FIELDS } from './settings-fields';

/**
 * The engine explains a refused field in English (for logs and REST clients) and says why in `fieldReasons`;
 * the window says the same in the owner's language, from the field's own description.
 */
export function fieldMessage(t: TFunction, key: string, message: string, reason: FieldReason | undefined): string {
  if (reason === 'locked') return t('settings.invalid.locked');
  if (reason === 'keychain') return t('settings.invalid.keychain');
  if (reason !== 'invalid') return message;
  if (!(key in FIELDS)) return t('settings.invalid.line');
  const field = FIELDS[key as SettingKey].field;
  switch (field.kind) {
    case 'int':
      return t('settings.invalid.int', { min: field.min, max: field.max });
    case 'url':
      return t(field.optional ? 'settings.invalid.urlOptional' : 'settings.invalid.url');
    case 'enum':
      return t('settings.invalid.enum', { options: field.options.join(', ') });
    case 'bool':
      return t('settings.invalid.bool');
    case 'text':
      return t('settings.invalid.text');
  }
}
