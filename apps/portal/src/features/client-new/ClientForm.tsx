// Registering a client. A likely duplicate (409 CLIENT.POSSIBLE_DUPLICATE) is shown with a
// confirm that sends the same values again with confirmDuplicate; a refusal keeps every value.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, CheckboxGroup, TextInput, Textarea } from 'suomifi-ui-components';
import { ApiError } from '../../api/client';
import { CLIENT_LANGUAGES, GENDERS, NEED_CATEGORIES, type NeedCategory } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { apiFormErrors, fieldError, FormErrorSummary, type FormError } from '../../ui/FormErrors';
import { Select } from '../../ui/Select';
import { useFocusWhenShown } from '../../ui/focus-when-shown';
import { toIsoDate } from '../../i18n/helsinki-time';

export interface ClientPayload {
  firstName: string;
  lastName: string;
  dateOfBirth?: string;
  personalIdentityCode?: string;
  languages?: string[];
  preferredLanguage?: string;
  interpreterNeeded?: boolean;
  phone?: string;
  email?: string;
  municipality?: string;
  gender?: string;
  needs?: { category: NeedCategory; description: string | null }[];
  confirmDuplicate?: boolean;
}

interface Values {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  personalIdentityCode: string;
  languages: string[];
  preferredLanguage: string;
  interpreterNeeded: boolean;
  phone: string;
  email: string;
  municipality: string;
  gender: string;
  needs: Partial<Record<NeedCategory, string>>;
}

const EMPTY: Values = {
  firstName: '',
  lastName: '',
  dateOfBirth: '',
  personalIdentityCode: '',
  languages: [],
  preferredLanguage: '',
  interpreterNeeded: false,
  phone: '',
  email: '',
  municipality: '',
  gender: '',
  needs: {},
};

const IDS: Record<string, string> = {
  firstName: 'client-firstName',
  lastName: 'client-lastName',
  dateOfBirth: 'client-dateOfBirth',
  personalIdentityCode: 'client-personalIdentityCode',
  preferredLanguage: 'client-preferredLanguage',
  phone: 'client-phone',
  email: 'client-email',
  municipality: 'client-municipality',
  gender: 'client-gender',
  languages: 'client-languages-fi',
  needs: 'client-need-employment',
};

function toPayload(values: Values): ClientPayload {
  const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());
  return {
    firstName: values.firstName.trim(),
    lastName: values.lastName.trim(),
    dateOfBirth: optional(toIsoDate(values.dateOfBirth)),
    personalIdentityCode: optional(values.personalIdentityCode.toUpperCase()),
    languages: values.languages,
    preferredLanguage: optional(values.preferredLanguage),
    interpreterNeeded: values.interpreterNeeded,
    phone: optional(values.phone),
    email: optional(values.email),
    municipality: optional(values.municipality),
    gender: optional(values.gender),
    needs: Object.entries(values.needs).map(([category, description]) => ({
      category: category as NeedCategory,
      description: description?.trim() ? description.trim() : null,
    })),
  };
}

/** Checks made before sending, so that the summary names the fields the server would refuse. */
function localErrors(values: Values, t: (key: string) => string): FormError[] {
  const errors: FormError[] = [];
  if (!values.firstName.trim()) {
    errors.push({ inputId: IDS.firstName, text: t('clientForm.required.firstName') });
  }
  if (!values.lastName.trim()) {
    errors.push({ inputId: IDS.lastName, text: t('clientForm.required.lastName') });
  }
  return errors;
}

export function ClientForm({
  onSubmit,
  onCreated,
}: {
  onSubmit(payload: ClientPayload): Promise<{ id: string }>;
  onCreated(id: string): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [duplicate, setDuplicate] = useState(false);
  const duplicateRef = useFocusWhenShown<HTMLHeadingElement>(duplicate);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const submit = async (confirmDuplicate: boolean) => {
    const local = localErrors(values, t);
    if (local.length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      const created = await onSubmit({
        ...toPayload(values),
        ...(confirmDuplicate ? { confirmDuplicate } : {}),
      });
      onCreated(created.id);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CLIENT.POSSIBLE_DUPLICATE') {
        setErrors([]);
        setDuplicate(true);
      } else {
        setDuplicate(false);
        setErrors(apiFormErrors(error, t, IDS));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit(false);
      }}
    >
      <FormErrorSummary errors={errors} />
      {duplicate && (
        <div className="alert-box alert-box--warning" role="alert" data-duplicate-warning="">
          <h2 ref={duplicateRef} tabIndex={-1}>
            {t('clientForm.duplicateTitle')}
          </h2>
          <p>{t('errorCodes.CLIENT.POSSIBLE_DUPLICATE')}</p>
          <p>{t('clientForm.duplicateHelp')}</p>
          <div className="form-actions">
            <Button disabled={busy} onClick={() => void submit(true)}>
              {t('clientForm.registerAnyway')}
            </Button>
            <Button variant="secondary" onClick={() => setDuplicate(false)}>
              {t('clientForm.checkDetails')}
            </Button>
          </div>
        </div>
      )}
      <fieldset className="panel">
        <legend>{t('clientForm.identity')}</legend>
        <div className="form-grid">
          <TextInput
            id={IDS.firstName}
            labelText={t('fields.firstName')}
            value={values.firstName}
            onChange={(value) => set('firstName', String(value ?? ''))}
            status={fieldError(errors, IDS.firstName) ? 'error' : 'default'}
            statusText={fieldError(errors, IDS.firstName)}
            autoComplete="off"
          />
          <TextInput
            id={IDS.lastName}
            labelText={t('fields.lastName')}
            value={values.lastName}
            onChange={(value) => set('lastName', String(value ?? ''))}
            status={fieldError(errors, IDS.lastName) ? 'error' : 'default'}
            statusText={fieldError(errors, IDS.lastName)}
            autoComplete="off"
          />
          <TextInput
            id={IDS.dateOfBirth}
            labelText={t('fields.dateOfBirth')}
            hintText={t('clientForm.dateHint')}
            optionalText={t('common.optional')}
            value={values.dateOfBirth}
            onChange={(value) => set('dateOfBirth', String(value ?? ''))}
            status={fieldError(errors, IDS.dateOfBirth) ? 'error' : 'default'}
            statusText={fieldError(errors, IDS.dateOfBirth)}
            autoComplete="off"
          />
          <TextInput
            id={IDS.personalIdentityCode}
            labelText={t('fields.personalIdentityCode')}
            hintText={t('clientForm.identityCodeHint')}
            optionalText={t('common.optional')}
            value={values.personalIdentityCode}
            onChange={(value) => set('personalIdentityCode', String(value ?? ''))}
            status={fieldError(errors, IDS.personalIdentityCode) ? 'error' : 'default'}
            statusText={fieldError(errors, IDS.personalIdentityCode)}
            autoComplete="off"
          />
          <Select
            id={IDS.gender}
            label={`${t('fields.gender')} (${t('common.optional')})`}
            value={values.gender}
            onChange={(value) => set('gender', value)}
            error={fieldError(errors, IDS.gender)}
          >
            <option value="">{t('clientForm.notGiven')}</option>
            {GENDERS.map((gender) => (
              <option key={gender} value={gender}>
                {t(`gender.${gender}`)}
              </option>
            ))}
          </Select>
        </div>
      </fieldset>
      <fieldset className="panel">
        <legend>{t('clientForm.languageAndContact')}</legend>
        <CheckboxGroup labelText={t('fields.languages')} groupHintText={t('clientForm.languagesHint')}>
          {CLIENT_LANGUAGES.map((code) => (
            <Checkbox
              key={code}
              id={`client-languages-${code}`}
              checked={values.languages.includes(code)}
              onClick={({ checkboxState }) =>
                set(
                  'languages',
                  checkboxState
                    ? [...values.languages, code]
                    : values.languages.filter((language) => language !== code),
                )
              }
            >
              {format.languageName(code)}
            </Checkbox>
          ))}
        </CheckboxGroup>
        <Select
          id={IDS.preferredLanguage}
          label={`${t('fields.preferredLanguage')} (${t('common.optional')})`}
          value={values.preferredLanguage}
          onChange={(value) => set('preferredLanguage', value)}
          error={fieldError(errors, IDS.preferredLanguage)}
        >
          <option value="">{t('clientForm.notGiven')}</option>
          {CLIENT_LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {format.languageName(code)}
            </option>
          ))}
        </Select>
        <Checkbox
          id="client-interpreterNeeded"
          checked={values.interpreterNeeded}
          onClick={({ checkboxState }) => set('interpreterNeeded', checkboxState)}
        >
          {t('fields.interpreterNeeded')}
        </Checkbox>
        <div className="form-grid">
          <TextInput
            id={IDS.phone}
            type="tel"
            labelText={t('fields.phone')}
            optionalText={t('common.optional')}
            value={values.phone}
            onChange={(value) => set('phone', String(value ?? ''))}
            status={fieldError(errors, IDS.phone) ? 'error' : 'default'}
            statusText={fieldError(errors, IDS.phone)}
            autoComplete="off"
          />
          <TextInput
            id={IDS.email}
            type="email"
            labelText={t('fields.email')}
            optionalText={t('common.optional')}
            value={values.email}
            onChange={(value) => set('email', String(value ?? ''))}
            status={fieldError(errors, IDS.email) ? 'error' : 'default'}
            statusText={fieldError(errors, IDS.email)}
            autoComplete="off"
          />
          <TextInput
            id={IDS.municipality}
            labelText={t('fields.municipality')}
            optionalText={t('common.optional')}
            value={values.municipality}
            onChange={(value) => set('municipality', String(value ?? ''))}
            status={fieldError(errors, IDS.municipality) ? 'error' : 'default'}
            statusText={fieldError(errors, IDS.municipality)}
            autoComplete="off"
          />
        </div>
      </fieldset>
      <fieldset className="panel">
        <legend>{t('fields.needs')}</legend>
        {NEED_CATEGORIES.map((need) => (
          <div key={need}>
            <Checkbox
              id={`client-need-${need}`}
              checked={values.needs[need] !== undefined}
              onClick={({ checkboxState }) => {
                const next = { ...values.needs };
                if (checkboxState) {
                  next[need] = '';
                } else {
                  delete next[need];
                }
                set('needs', next);
              }}
            >
              {t(`need.${need}`)}
            </Checkbox>
            {values.needs[need] !== undefined && (
              <Textarea
                id={`client-need-${need}-description`}
                labelText={t('clientForm.needDescription', { need: t(`need.${need}`) })}
                optionalText={t('common.optional')}
                fullWidth
                value={values.needs[need]}
                onChange={(event) => set('needs', { ...values.needs, [need]: event.target.value })}
              />
            )}
          </div>
        ))}
      </fieldset>
      <div className="form-actions">
        <Button type="submit" disabled={busy}>
          {t('clientForm.submit')}
        </Button>
      </div>
    </form>
  );
}
