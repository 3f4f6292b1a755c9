// The quick entry of a guidance contact: everything has a sensible default (today, walk-in, under
// 15 minutes, Finnish, anonymous), so a contact is often only its topics and Enter. After a save the
// form keeps the channel, language and duration (the next contact is usually alike) and clears the
// rest; focus goes back to the first field so that the next one can be typed at once.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import {
  AGE_BANDS,
  CONTACT_CHANNELS,
  CONTACT_DURATIONS,
  CONTACT_GENDERS,
  MUNICIPALITIES,
  type AgeBand,
  type ContactGender,
  type Contact,
  type ContactChannel,
  type ContactDuration,
  type ContactPayload,
} from '../../api/statistics-types';
import { CLIENT_LANGUAGES, NEED_CATEGORIES, type NeedCategory } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { useAnnouncer } from '../../shell/Announcer';
import { apiFormErrors, fieldError, FormErrorSummary, type FormError } from '../../ui/FormErrors';
import { Select } from '../../ui/Select';
import { Choices } from './Choices';
import { ClientPicker, type PickedClient } from './ClientPicker';
import { DateField, dateAndTopicsErrors, today, TopicsField } from './GuidanceFields';

export { today } from './GuidanceFields';

interface Values {
  date: string;
  channel: ContactChannel;
  topics: NeedCategory[];
  language: string;
  interpreter: boolean;
  duration: ContactDuration;
  who: 'anonymous' | 'client';
  client: PickedClient | null;
  ageBand: AgeBand;
  gender: ContactGender;
  municipality: string;
}

/** The first values; a known client brings their own language and interpreter need. */
export interface ContactDefaults {
  language?: string | null;
  interpreter?: boolean;
}

const initial = (fixedClient: PickedClient | null, defaults: ContactDefaults = {}): Values => ({
  date: today(),
  channel: 'walk_in',
  topics: [],
  language: defaults.language ?? 'fi',
  interpreter: defaults.interpreter ?? false,
  duration: 'under_15',
  who: fixedClient ? 'client' : 'anonymous',
  client: fixedClient,
  ageBand: 'unknown',
  gender: 'not_given',
  municipality: 'unknown',
});

const ids = (prefix: string): Record<string, string> => ({
  date: `${prefix}-date`,
  channel: `${prefix}-channel-${CONTACT_CHANNELS[0]}`,
  topics: `${prefix}-topic-${NEED_CATEGORIES[0]}`,
  language: `${prefix}-language`,
  interpreter: `${prefix}-interpreter`,
  duration: `${prefix}-duration`,
  clientId: `${prefix}-client-search`,
  anonymous: `${prefix}-ageBand`,
  'anonymous.ageBand': `${prefix}-ageBand`,
  'anonymous.gender': `${prefix}-gender`,
  'anonymous.municipality': `${prefix}-municipality`,
});

export function toContactPayload(values: Values): ContactPayload {
  const base = {
    date: values.date,
    channel: values.channel,
    topics: values.topics,
    language: values.language,
    interpreter: values.interpreter,
    duration: values.duration,
  };
  if (values.who === 'client') {
    return { ...base, clientId: values.client?.id };
  }
  return {
    ...base,
    anonymous: { ageBand: values.ageBand, gender: values.gender, municipality: values.municipality },
  };
}

export function ContactForm({
  onSubmit,
  onSaved,
  client = null,
  defaults,
  idPrefix = 'contact',
}: {
  onSubmit(payload: ContactPayload): Promise<Contact>;
  onSaved?(contact: Contact): void;
  /** On a client's page: the contact is theirs, and the anonymous choice is not offered. */
  client?: PickedClient | null;
  defaults?: ContactDefaults;
  idPrefix?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { toast } = useAnnouncer();
  const [values, setValues] = useState<Values>(() => initial(client, defaults));
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);
  const IDS = ids(idPrefix);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const localErrors = (): FormError[] => {
    const found = dateAndTopicsErrors(values, IDS, t);
    if (values.who === 'client' && !values.client) {
      found.push({ inputId: IDS.clientId, text: t('contacts.required.client') });
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
      const saved = await onSubmit(toContactPayload(values));
      toast(t('contacts.saved'));
      onSaved?.(saved);
      setValues((current) => ({
        ...initial(client, defaults),
        date: current.date,
        channel: current.channel,
        language: current.language,
        duration: current.duration,
        who: current.who,
      }));
      firstField.current?.focus();
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
      data-contact-form=""
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
          max={today()}
          inputRef={firstField}
        />
        <Select
          id={IDS.duration}
          label={t('fields.duration')}
          value={values.duration}
          onChange={(value) => set('duration', value as ContactDuration)}
          error={fieldError(errors, IDS.duration)}
        >
          {CONTACT_DURATIONS.map((code) => (
            <option key={code} value={code}>
              {t(`duration.${code}`)}
            </option>
          ))}
        </Select>
        <Select
          id={IDS.language}
          label={t('fields.language')}
          value={values.language}
          onChange={(value) => set('language', value)}
          error={fieldError(errors, IDS.language)}
        >
          {CLIENT_LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {format.languageName(code)}
            </option>
          ))}
        </Select>
        <label className="choices__option quick-contact__interpreter" htmlFor={IDS.interpreter}>
          <input
            id={IDS.interpreter}
            type="checkbox"
            checked={values.interpreter}
            onChange={(event) => set('interpreter', event.target.checked)}
          />
          <span>{t('fields.interpreter')}</span>
        </label>
      </div>
      <Choices
        type="radio"
        idPrefix={`${idPrefix}-channel`}
        legend={t('fields.channel')}
        codes={CONTACT_CHANNELS}
        label={(code) => t(`channel.${code}`)}
        value={values.channel}
        onChange={(value) => set('channel', value)}
        error={fieldError(errors, IDS.channel)}
      />
      <TopicsField
        idPrefix={idPrefix}
        value={values.topics}
        onChange={(value) => set('topics', value)}
        error={fieldError(errors, IDS.topics)}
      />
      {!client && (
        <Choices
          type="radio"
          idPrefix={`${idPrefix}-who`}
          legend={t('contacts.who')}
          codes={['anonymous', 'client'] as const}
          label={(code) => t(`contacts.whoOption.${code}`)}
          value={values.who}
          onChange={(value) => set('who', value)}
        />
      )}
      {values.who === 'client' && !client && (
        <ClientPicker
          id={IDS.clientId}
          value={values.client}
          onChange={(picked) => set('client', picked)}
          error={fieldError(errors, IDS.clientId)}
        />
      )}
      {values.who === 'anonymous' && <p className="field__hint">{t('contacts.anonymousHint')}</p>}
      {values.who === 'anonymous' && (
        <div className="quick-contact__row">
          <Select
            id={IDS['anonymous.ageBand']}
            label={t('fields.ageBand')}
            value={values.ageBand}
            onChange={(value) => set('ageBand', value as AgeBand)}
            error={fieldError(errors, IDS['anonymous.ageBand'])}
          >
            {AGE_BANDS.map((code) => (
              <option key={code} value={code}>
                {t(`ageBand.${code}`)}
              </option>
            ))}
          </Select>
          <Select
            id={IDS['anonymous.gender']}
            label={t('fields.gender')}
            value={values.gender}
            onChange={(value) => set('gender', value as ContactGender)}
            error={fieldError(errors, IDS['anonymous.gender'])}
          >
            {CONTACT_GENDERS.map((code) => (
              <option key={code} value={code}>
                {t(`contactGender.${code}`)}
              </option>
            ))}
          </Select>
          <Select
            id={IDS['anonymous.municipality']}
            label={t('fields.municipality')}
            value={values.municipality}
            onChange={(value) => set('municipality', value)}
            error={fieldError(errors, IDS['anonymous.municipality'])}
          >
            <option value="unknown">{t('contacts.municipalityUnknown')}</option>
            {MUNICIPALITIES.map((municipality) => (
              <option key={municipality.code} value={municipality.code}>
                {format.language === 'sv' ? municipality.sv : municipality.fi}
              </option>
            ))}
          </Select>
        </div>
      )}
      <div className="form-actions">
        <Button type="submit" disabled={busy}>
          {t('contacts.submit')}
        </Button>
      </div>
    </form>
  );
}
