// The fields a guidance contact and a group event share: the date it happened and the topics
// (need categories) it was about, with the same checks before anything is sent.
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { NEED_CATEGORIES, type NeedCategory } from '../../api/types';
import type { FormError } from '../../ui/FormErrors';
import { Choices } from './Choices';

/** Today in Finland (the date a contact is recorded on, unless changed). */
export { helsinkiDate as today } from '../../i18n/helsinki-time';

/** A native date input (the browser's own picker) with its error under it. */
export function DateField({
  id,
  value,
  onChange,
  error,
  max,
  inputRef,
}: {
  id: string;
  value: string;
  onChange(value: string): void;
  error: string | undefined;
  max?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {t('fields.date')}
      </label>
      <input
        ref={inputRef}
        id={id}
        type="date"
        className="field__input"
        value={value}
        max={max}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      )}
    </div>
  );
}

/** The need categories it was about, as checkbox chips (`${idPrefix}-topic-<code>`). */
export function TopicsField({
  idPrefix,
  value,
  onChange,
  error,
}: {
  idPrefix: string;
  value: NeedCategory[];
  onChange(value: NeedCategory[]): void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Choices
      type="checkbox"
      idPrefix={`${idPrefix}-topic`}
      legend={t('fields.topics')}
      codes={NEED_CATEGORIES}
      label={(code) => t(`need.${code}`)}
      value={value}
      onChange={(picked) => onChange(picked as NeedCategory[])}
      error={error}
    />
  );
}

/** A date (YYYY-MM-DD) and at least one topic: what both forms check before sending. */
export function dateAndTopicsErrors(
  values: { date: string; topics: NeedCategory[] },
  ids: Record<string, string>,
  t: (key: string) => string,
): FormError[] {
  const found: FormError[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
    found.push({ inputId: ids.date, text: t('contacts.required.date') });
  }
  if (values.topics.length === 0) {
    found.push({ inputId: ids.topics, text: t('contacts.required.topics') });
  }
  return found;
}
