// The consent wizard's three steps (ConsentForm.tsx moves between them and keeps the values).
import { useTranslation } from 'react-i18next';
import { Checkbox, RadioButton, RadioButtonGroup, TextInput } from 'suomifi-ui-components';
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
} from '../../api/types';
import { useFormat } from '../../i18n/format';
import { fieldError, type FormError } from '../../ui/FormErrors';
import { Select } from '../../ui/Select';
import { IDS, toggle, type Values } from './consent-values';
import { toIsoDate } from '../../i18n/helsinki-time';

export type SetValue = <K extends keyof Values>(key: K, value: Values[K]) => void;

/** Step 1: with whom, what and why. */
export function WhatStep({
  values,
  set,
  errors,
  organisations,
}: {
  values: Values;
  set: SetValue;
  errors: FormError[];
  organisations: DirectoryOrganisation[];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
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
            onClick={({ checkboxState }) => set('purposes', toggle(values.purposes, purpose, checkboxState))}
          >
            {t(`purpose.${purpose}`)}
          </Checkbox>
        ))}
      </fieldset>
    </>
  );
}

/** Step 2: given or refused, how, by whom, in which language, until when. */
export function HowStep({ values, set, errors }: { values: Values; set: SetValue; errors: FormError[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
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
  );
}

/** Step 3: everything once more before it is recorded. */
export function ReviewStep({
  values,
  organisationName,
}: {
  values: Values;
  organisationName: (id: string) => string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
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
  );
}
