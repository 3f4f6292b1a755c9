// A text in Finnish, Swedish and English: Finnish required, the others optional (null when empty).
import { useTranslation } from 'react-i18next';
import type { LocalisedText } from '../../api/types';
import { fieldError, type FormError } from '../../ui/FormErrors';
import { TextField, type FieldMap } from './fields';

export interface LocalisedDraft {
  fi: string;
  sv: string;
  en: string;
}

export const LANGS = ['fi', 'sv', 'en'] as const;

export const draftOf = (text: LocalisedText | null | undefined): LocalisedDraft => ({
  fi: text?.fi ?? '',
  sv: text?.sv ?? '',
  en: text?.en ?? '',
});

export const textOf = (draft: LocalisedDraft): LocalisedText => ({
  fi: draft.fi.trim(),
  sv: draft.sv.trim() || null,
  en: draft.en.trim() || null,
});

/** The field map entries of one localised text (`name.fi` → `<prefix>-fi`). */
export function localisedFields(apiField: string, prefix: string, label: string): FieldMap {
  const map: FieldMap = { [apiField]: { id: `${prefix}-fi`, label } };
  for (const lang of LANGS) {
    map[`${apiField}.${lang}`] = { id: `${prefix}-${lang}`, label: `${label} (${lang})` };
  }
  return map;
}

export function NamesFieldset({
  prefix,
  legend,
  value,
  errors,
  multiline,
  optional,
  onChange,
}: {
  prefix: string;
  legend: string;
  value: LocalisedDraft;
  errors: FormError[];
  multiline?: boolean;
  /** The whole text is optional (eligibility): Finnish is then optional too. */
  optional?: boolean;
  onChange(value: LocalisedDraft): void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="lang-fields">
      <legend>{legend}</legend>
      {LANGS.map((lang) => (
        <TextField
          key={lang}
          id={`${prefix}-${lang}`}
          label={`${t(`orgAdmin.language.${lang}`)}${lang === 'fi' && !optional ? '' : ` ${t('common.optional')}`}`}
          value={value[lang]}
          lang={lang}
          multiline={multiline}
          error={fieldError(errors, `${prefix}-${lang}`)}
          onChange={(text) => onChange({ ...value, [lang]: text })}
        />
      ))}
    </fieldset>
  );
}
