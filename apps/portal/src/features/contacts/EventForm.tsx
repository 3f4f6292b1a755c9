// A group event (an info session, a pop-up point's group): its date, topics and how many came.
// Nothing about the people who came: only the count.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextInput } from 'suomifi-ui-components';
import type { EventPayload, GroupEvent } from '../../api/statistics-types';
import { CLIENT_LANGUAGES, NEED_CATEGORIES, type NeedCategory } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { useAnnouncer } from '../../shell/Announcer';
import { apiFormErrors, fieldError, FormErrorSummary, type FormError } from '../../ui/FormErrors';
import { Select } from '../../ui/Select';
import { DateField, dateAndTopicsErrors, today, TopicsField } from './GuidanceFields';

interface Values {
  date: string;
  title: string;
  topics: NeedCategory[];
  attendance: string;
  language: string;
}

const IDS: Record<string, string> = {
  date: 'event-date',
  title: 'event-title',
  topics: `event-topic-${NEED_CATEGORIES[0]}`,
  attendance: 'event-attendance',
  language: 'event-language',
};

const initial = (): Values => ({ date: today(), title: '', topics: [], attendance: '', language: '' });

export function toEventPayload(values: Values): EventPayload {
  return {
    date: values.date,
    topics: values.topics,
    attendance: Number(values.attendance),
    ...(values.language ? { language: values.language } : {}),
    ...(values.title.trim() ? { title: values.title.trim() } : {}),
  };
}

export function EventForm({ onSubmit }: { onSubmit(payload: EventPayload): Promise<GroupEvent> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { toast } = useAnnouncer();
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const localErrors = (): FormError[] => {
    const found = dateAndTopicsErrors(values, IDS, t);
    if (!/^\d+$/.test(values.attendance.trim()) || Number(values.attendance) < 1) {
      found.push({ inputId: IDS.attendance, text: t('events.required.attendance') });
    }
    return found;
  };

  const submit = async () => {
    const local = localErrors();
    setErrors(local);
    if (local.length > 0) {
      return;
    }
    setBusy(true);
    try {
      await onSubmit(toEventPayload(values));
      toast(t('events.saved'));
      setValues(initial());
    } catch (error) {
      setErrors(apiFormErrors(error, t, IDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      className="quick-contact"
      data-event-form=""
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <FormErrorSummary errors={errors} />
      <div className="quick-contact__row">
        <DateField
          id={IDS.date}
          value={values.date}
          onChange={(value) => set('date', value)}
          error={fieldError(errors, IDS.date)}
        />
        <TextInput
          id={IDS.attendance}
          labelText={t('fields.attendance')}
          inputMode="numeric"
          value={values.attendance}
          onChange={(value) => set('attendance', String(value ?? ''))}
          status={fieldError(errors, IDS.attendance) ? 'error' : 'default'}
          statusText={fieldError(errors, IDS.attendance)}
          autoComplete="off"
        />
        <Select
          id={IDS.language}
          label={`${t('fields.language')} (${t('common.optional')})`}
          value={values.language}
          onChange={(value) => set('language', value)}
          error={fieldError(errors, IDS.language)}
        >
          <option value="">{t('contacts.notGiven')}</option>
          {CLIENT_LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {format.languageName(code)}
            </option>
          ))}
        </Select>
      </div>
      <div className="quick-contact__wide">
        <TextInput
          id={IDS.title}
          fullWidth
          labelText={t('fields.title')}
          optionalText={t('common.optional')}
          hintText={t('events.titleHint')}
          value={values.title}
          onChange={(value) => set('title', String(value ?? ''))}
          status={fieldError(errors, IDS.title) ? 'error' : 'default'}
          statusText={fieldError(errors, IDS.title)}
          autoComplete="off"
        />
      </div>
      <TopicsField
        idPrefix="event"
        value={values.topics}
        onChange={(value) => set('topics', value)}
        error={fieldError(errors, IDS.topics)}
      />
      <div className="form-actions">
        <Button type="submit" disabled={busy}>
          {t('events.submit')}
        </Button>
      </div>
    </form>
  );
}
