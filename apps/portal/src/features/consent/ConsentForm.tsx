// The consent wizard: (1) with whom and what: recipients from the directory, data categories
// (health marked as special category data), purposes; (2) how: given or refused, method, by whom,
// notice language and version, interpreter, validity; (3) review and record. A refusal by the
// API sends the user back to the step of the first field it names, with every value kept.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, RadioButton, RadioButtonGroup, TextInput } from 'suomifi-ui-components';
import type { DirectoryOrganisation } from '../../api/queries';
import {
  CLIENT_LANGUAGES,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  DATA_CATEGORIES,
  SPECIAL_CATEGORIES,
  type ConsentGiver,
  type ConsentMethod,
  type ConsentPurpose,
  type DataCategory,
} from '../../api/types';
import { useFormat } from '../../i18n/format';
import { apiFormErrors, fieldError, FormErrorSummary, type FormError } from '../../ui/FormErrors';
import { Select } from '../../ui/Select';
import { toIsoDate } from '../client-new/ClientForm';

export const CURRENT_NOTICE_VERSION = '2026-1';

export interface ConsentPayload {
  decision: 'given' | 'refused';
  recipientOrganisationIds: string[];
  categories: DataCategory[];
  purposes: ConsentPurpose[];
  method: ConsentMethod;
  givenBy: ConsentGiver;
  noticeVersion: string;
  noticeLanguage: string;
  interpreterUsed: boolean;
  validUntil?: string;
}

interface Values {
  decision: 'given' | 'refused';
  recipients: string[];
  categories: DataCategory[];
  purposes: ConsentPurpose[];
  method: ConsentMethod | '';
  givenBy: ConsentGiver | '';
  noticeVersion: string;
  noticeLanguage: string;
  interpreterUsed: boolean;
  validUntil: string;
}

const IDS = {
  recipientOrganisationIds: 'consent-recipients',
  categories: 'consent-categories',
  purposes: 'consent-purposes',
  method: 'consent-method',
  givenBy: 'consent-givenBy',
  noticeVersion: 'consent-noticeVersion',
  noticeLanguage: 'consent-noticeLanguage',
  validUntil: 'consent-validUntil',
} as const;

/** Which step holds which field (an API error takes the user there). */
const STEP_OF: Record<string, number> = {
  [IDS.recipientOrganisationIds]: 0,
  [IDS.categories]: 0,
  [IDS.purposes]: 0,
};

function inOneYear(): string {
  const date = new Date();
  date.setFullYear(date.getFullYear() + 1);
  return date.toISOString().slice(0, 10);
}

function stepErrors(step: number, values: Values, t: (key: string) => string): FormError[] {
  const errors: FormError[] = [];
  const need = (ok: boolean, id: string, key: string) => {
    if (!ok) {
      errors.push({ inputId: id, text: t(key) });
    }
  };
  if (step === 0) {
    need(values.recipients.length > 0, IDS.recipientOrganisationIds, 'consentForm.required.recipients');
    need(values.categories.length > 0, IDS.categories, 'consentForm.required.categories');
    need(values.purposes.length > 0, IDS.purposes, 'consentForm.required.purposes');
  }
  if (step === 1) {
    need(values.method !== '', IDS.method, 'consentForm.required.method');
    need(values.givenBy !== '', IDS.givenBy, 'consentForm.required.givenBy');
    need(values.noticeLanguage !== '', IDS.noticeLanguage, 'consentForm.required.noticeLanguage');
    need(values.noticeVersion.trim() !== '', IDS.noticeVersion, 'consentForm.required.noticeVersion');
    need(
      values.decision === 'refused' || /^\d{4}-\d{2}-\d{2}$/.test(toIsoDate(values.validUntil)),
      IDS.validUntil,
      'consentForm.required.validUntil',
    );
  }
  return errors;
}

export function toConsentPayload(values: Values): ConsentPayload {
  const payload: ConsentPayload = {
    decision: values.decision,
    recipientOrganisationIds: values.recipients,
    categories: values.categories,
    purposes: values.purposes,
    method: values.method as ConsentMethod,
    givenBy: values.givenBy as ConsentGiver,
    noticeVersion: values.noticeVersion.trim(),
    noticeLanguage: values.noticeLanguage,
    interpreterUsed: values.interpreterUsed,
  };
  if (values.decision === 'given') {
    // Valid through the chosen day, Finnish time.
    payload.validUntil = new Date(`${toIsoDate(values.validUntil)}T23:59:59+02:00`).toISOString();
  }
  return payload;
}

const toggle = <T,>(list: T[], item: T, on: boolean): T[] =>
  on ? [...list.filter((entry) => entry !== item), item] : list.filter((entry) => entry !== item);

export function ConsentForm({
  organisations,
  clientLanguage,
  initialRecipients = [],
  initialCategories = [],
  onSubmit,
}: {
  organisations: DirectoryOrganisation[];
  clientLanguage: string | null;
  initialRecipients?: string[];
  initialCategories?: DataCategory[];
  onSubmit(payload: ConsentPayload): Promise<void>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [values, setValues] = useState<Values>({
    decision: 'given',
    recipients: initialRecipients,
    categories: initialCategories,
    purposes: ['referral'],
    method: '',
    givenBy: 'client',
    noticeVersion: CURRENT_NOTICE_VERSION,
    noticeLanguage: clientLanguage ?? '',
    interpreterUsed: false,
    validUntil: inOneYear(),
  });
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const steps = [t('consentForm.stepWhat'), t('consentForm.stepHow'), t('consentForm.stepReview')];

  const next = () => {
    const found = stepErrors(step, values, t);
    setErrors(found);
    if (found.length === 0) {
      setStep(step + 1);
    }
  };

  const record = async () => {
    setBusy(true);
    try {
      await onSubmit(toConsentPayload(values));
    } catch (error) {
      const found = apiFormErrors(error, t, IDS);
      const first = found.find((entry) => entry.inputId !== null);
      if (first?.inputId) {
        setStep(STEP_OF[first.inputId] ?? 1);
      }
      setErrors(found);
    } finally {
      setBusy(false);
    }
  };

  const organisationName = (id: string) =>
    format.localised(organisations.find((organisation) => organisation.id === id)?.name) || id;

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (step < 2) {
          next();
        } else {
          void record();
        }
      }}
    >
      <ol className="step-list" aria-label={t('consentForm.steps')}>
        {steps.map((label, index) => (
          <li key={label} aria-current={index === step ? 'step' : undefined}>
            {t('consentForm.stepN', { n: String(index + 1), label })}
          </li>
        ))}
      </ol>
      <h2>{steps[step]}</h2>
      <FormErrorSummary errors={errors} />
      {step === 0 && (
        <>
          <fieldset className="panel" id={IDS.recipientOrganisationIds} tabIndex={-1}>
            <legend>{t('consent.recipients')}</legend>
            {fieldError(errors, IDS.recipientOrganisationIds) && (
              <p className="field__error">{fieldError(errors, IDS.recipientOrganisationIds)}</p>
            )}
            {organisations.length === 0 && <p>{t('consentForm.noOrganisations')}</p>}
            {organisations.map((organisation) => (
              <Checkbox
                key={organisation.id}
                id={`consent-recipient-${organisation.id}`}
                checked={values.recipients.includes(organisation.id)}
                onClick={({ checkboxState }) =>
                  set('recipients', toggle(values.recipients, organisation.id, checkboxState))
                }
              >
                {format.localised(organisation.name)}
              </Checkbox>
            ))}
          </fieldset>
          <fieldset className="panel" id={IDS.categories} tabIndex={-1}>
            <legend>{t('consent.categories')}</legend>
            {fieldError(errors, IDS.categories) && (
              <p className="field__error">{fieldError(errors, IDS.categories)}</p>
            )}
            {DATA_CATEGORIES.map((category) => (
              <Checkbox
                key={category}
                id={`consent-category-${category}`}
                checked={values.categories.includes(category)}
                hintText={SPECIAL_CATEGORIES.includes(category) ? t('consentForm.specialHint') : undefined}
                onClick={({ checkboxState }) =>
                  set('categories', toggle(values.categories, category, checkboxState))
                }
              >
                {t(`category.${category}`)}
                {SPECIAL_CATEGORIES.includes(category) && (
                  <span className="special"> ({t('consentForm.special')})</span>
                )}
              </Checkbox>
            ))}
          </fieldset>
          <fieldset className="panel" id={IDS.purposes} tabIndex={-1}>
            <legend>{t('consent.purposes')}</legend>
            {fieldError(errors, IDS.purposes) && (
              <p className="field__error">{fieldError(errors, IDS.purposes)}</p>
            )}
            {CONSENT_PURPOSES.map((purpose) => (
              <Checkbox
                key={purpose}
                id={`consent-purpose-${purpose}`}
                checked={values.purposes.includes(purpose)}
                onClick={({ checkboxState }) =>
                  set('purposes', toggle(values.purposes, purpose, checkboxState))
                }
              >
                {t(`purpose.${purpose}`)}
              </Checkbox>
            ))}
          </fieldset>
        </>
      )}
      {step === 1 && (
        <div className="panel">
          <RadioButtonGroup
            labelText={t('consentForm.decision')}
            name="decision"
            value={values.decision}
            onChange={(value) => set('decision', value as Values['decision'])}
          >
            <RadioButton value="given" id="consent-decision-given">
              {t('consentForm.given')}
            </RadioButton>
            <RadioButton value="refused" id="consent-decision-refused">
              {t('consentForm.refused')}
            </RadioButton>
          </RadioButtonGroup>
          <RadioButtonGroup
            id={IDS.method}
            labelText={t('consent.method')}
            name="method"
            value={values.method}
            onChange={(value) => set('method', value as ConsentMethod)}
            groupStatus={fieldError(errors, IDS.method) ? 'error' : 'default'}
            groupStatusText={fieldError(errors, IDS.method)}
          >
            {CONSENT_METHODS.map((method) => (
              <RadioButton key={method} value={method} id={`consent-method-${method}`}>
                {t(`method.${method}`)}
              </RadioButton>
            ))}
          </RadioButtonGroup>
          <RadioButtonGroup
            id={IDS.givenBy}
            labelText={t('consent.givenBy')}
            name="givenBy"
            value={values.givenBy}
            onChange={(value) => set('givenBy', value as ConsentGiver)}
            groupStatus={fieldError(errors, IDS.givenBy) ? 'error' : 'default'}
            groupStatusText={fieldError(errors, IDS.givenBy)}
          >
            {CONSENT_GIVERS.map((giver) => (
              <RadioButton key={giver} value={giver} id={`consent-givenBy-${giver}`}>
                {t(`givenBy.${giver}`)}
              </RadioButton>
            ))}
          </RadioButtonGroup>
          <Select
            id={IDS.noticeLanguage}
            label={t('consent.noticeLanguage')}
            value={values.noticeLanguage}
            onChange={(value) => set('noticeLanguage', value)}
            error={fieldError(errors, IDS.noticeLanguage)}
          >
            <option value="">{t('consentForm.chooseLanguage')}</option>
            {CLIENT_LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {format.languageName(code)}
              </option>
            ))}
          </Select>
          <TextInput
            id={IDS.noticeVersion}
            labelText={t('consent.noticeVersion')}
            value={values.noticeVersion}
            onChange={(value) => set('noticeVersion', String(value ?? ''))}
            status={fieldError(errors, IDS.noticeVersion) ? 'error' : 'default'}
            statusText={fieldError(errors, IDS.noticeVersion)}
          />
          <Checkbox
            id="consent-interpreterUsed"
            checked={values.interpreterUsed}
            onClick={({ checkboxState }) => set('interpreterUsed', checkboxState)}
          >
            {t('consent.interpreterUsed')}
          </Checkbox>
          {values.decision === 'given' && (
            <TextInput
              id={IDS.validUntil}
              labelText={t('consent.validUntil')}
              hintText={t('consentForm.validHint')}
              value={values.validUntil}
              onChange={(value) => set('validUntil', String(value ?? ''))}
              status={fieldError(errors, IDS.validUntil) ? 'error' : 'default'}
              statusText={fieldError(errors, IDS.validUntil)}
            />
          )}
        </div>
      )}
      {step === 2 && (
        <section className="panel" aria-label={t('consentForm.stepReview')}>
          <dl className="definition-list">
            <dt>{t('consentForm.decision')}</dt>
            <dd>{values.decision === 'given' ? t('consentForm.given') : t('consentForm.refused')}</dd>
            <dt>{t('consent.recipients')}</dt>
            <dd>{values.recipients.map(organisationName).join(', ')}</dd>
            <dt>{t('consent.categories')}</dt>
            <dd>{values.categories.map((category) => t(`category.${category}`)).join(', ')}</dd>
            <dt>{t('consent.purposes')}</dt>
            <dd>{values.purposes.map((purpose) => t(`purpose.${purpose}`)).join(', ')}</dd>
            <dt>{t('consent.method')}</dt>
            <dd>{values.method ? t(`method.${values.method}`) : ''}</dd>
            <dt>{t('consent.givenBy')}</dt>
            <dd>{values.givenBy ? t(`givenBy.${values.givenBy}`) : ''}</dd>
            <dt>{t('consent.noticeLanguage')}</dt>
            <dd>{values.noticeLanguage ? format.languageName(values.noticeLanguage) : ''}</dd>
            <dt>{t('consent.interpreterUsed')}</dt>
            <dd>{values.interpreterUsed ? t('common.yes') : t('common.no')}</dd>
            {values.decision === 'given' && (
              <>
                <dt>{t('consent.validUntil')}</dt>
                <dd>{format.date(toIsoDate(values.validUntil))}</dd>
              </>
            )}
          </dl>
        </section>
      )}
      <div className="form-actions">
        {step > 0 && (
          <Button
            variant="secondary"
            onClick={() => {
              setErrors([]);
              setStep(step - 1);
            }}
          >
            {t('common.back')}
          </Button>
        )}
        <Button type="submit" disabled={busy}>
          {step < 2
            ? t('common.next')
            : values.decision === 'given'
              ? t('consentForm.record')
              : t('consentForm.recordRefusal')}
        </Button>
      </div>
    </form>
  );
}
