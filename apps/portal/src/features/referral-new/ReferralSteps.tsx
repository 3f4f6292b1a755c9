// The referral wizard's five steps (ReferralWizard.tsx moves between them and keeps the values).
import { useTranslation } from 'react-i18next';
import { Checkbox, RadioButton, RadioButtonGroup, TextInput, Textarea } from 'suomifi-ui-components';
import {
  CLIENT_LANGUAGES,
  DATA_CATEGORIES,
  NEED_CATEGORIES,
  SPECIAL_CATEGORIES,
  URGENCIES,
  type Client,
  type DataCategory,
  type DirectoryService,
  type NeedCategory,
  type Urgency,
} from '../../api/types';
import { useFormat } from '../../i18n/format';
import { fieldError, type FormError } from '../../ui/FormErrors';
import { Loading } from '../../ui/Loading';
import { Select } from '../../ui/Select';
import { RecordConsentLink } from './ConsentGap';
import { IDS, OFF_PLATFORM, type SetValue, type Values } from './referral-values';

interface StepProps {
  values: Values;
  set: SetValue;
  errors: FormError[];
}

/** Step 1: the need, with the client's recorded needs as a hint. */
export function NeedStep({ values, set, errors, client }: StepProps & { client: Client }) {
  const { t } = useTranslation();
  return (
    <div className="panel">
      <RadioButtonGroup
        id={IDS.need}
        labelText={t('referralForm.needQuestion')}
        groupHintText={
          client.needs.length > 0
            ? t('referralForm.clientNeeds', {
                needs: client.needs.map((need) => t(`need.${need.category}`)).join(', '),
              })
            : undefined
        }
        name="need"
        value={values.need}
        onChange={(value) => {
          set('need', value as NeedCategory);
          set('choice', '');
        }}
        groupStatus={fieldError(errors, IDS.need) ? 'error' : 'default'}
        groupStatusText={fieldError(errors, IDS.need)}
      >
        {NEED_CATEGORIES.map((need) => (
          <RadioButton key={need} value={need} id={`referral-need-${need}`}>
            {t(`need.${need}`)}
          </RadioButton>
        ))}
      </RadioButtonGroup>
    </div>
  );
}

/** Step 2: a service from the directory (by need and language), or a recipient off the platform. */
export function RecipientStep({
  values,
  set,
  errors,
  services,
  directoryPending,
  logged,
}: StepProps & { services: DirectoryService[]; directoryPending: boolean; logged: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="panel">
      <Select
        id={IDS.language}
        label={t('referralForm.serviceLanguage')}
        value={values.language}
        onChange={(value) => {
          set('language', value);
          set('choice', '');
        }}
      >
        <option value="">{t('referralForm.anyLanguage')}</option>
        {CLIENT_LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {format.languageName(code)}
          </option>
        ))}
      </Select>
      {directoryPending ? (
        <Loading />
      ) : (
        <RadioButtonGroup
          id={IDS.serviceId}
          labelText={t('referralForm.recipient')}
          groupHintText={t('referralForm.found', { count: format.number(services.length) })}
          name="service"
          value={values.choice}
          onChange={(value) => set('choice', value)}
          groupStatus={fieldError(errors, IDS.serviceId) ? 'error' : 'default'}
          groupStatusText={fieldError(errors, IDS.serviceId)}
        >
          {[
            ...services.map((entry) => (
              <RadioButton
                key={entry.id}
                value={entry.id}
                id={`referral-service-${entry.id}`}
                hintText={`${format.localised(entry.organisation.name)} · ${t('referralForm.responseDays', {
                  days: format.number(entry.organisation.responseDays),
                })} · ${entry.languages.map(format.languageName).join(', ')}`}
              >
                {format.localised(entry.name)}
              </RadioButton>
            )),
            <RadioButton
              key={OFF_PLATFORM}
              value={OFF_PLATFORM}
              id="referral-service-off-platform"
              hintText={t('referralForm.offPlatformHint')}
            >
              {t('referralForm.offPlatform')}
            </RadioButton>,
          ]}
        </RadioButtonGroup>
      )}
      {logged && (
        <TextInput
          id={IDS.loggedRecipientName}
          labelText={t('referralForm.loggedRecipientName')}
          value={values.loggedRecipientName}
          onChange={(value) => set('loggedRecipientName', String(value ?? ''))}
          status={fieldError(errors, IDS.loggedRecipientName) ? 'error' : 'default'}
          statusText={fieldError(errors, IDS.loggedRecipientName)}
        />
      )}
    </div>
  );
}

/** Step 3: the data categories to share, starting from what the consent covers. */
export function CategoriesStep({
  values,
  set,
  errors,
  organisationName,
  hasConsent,
  covered,
  clientId,
  organisationId,
}: StepProps & {
  organisationName: string;
  hasConsent: boolean;
  covered: ReadonlySet<DataCategory>;
  clientId: string;
  organisationId: string;
}) {
  const { t } = useTranslation();
  // No consent for the organisation, or a chosen category it does not cover: the send would be refused.
  const gap = !hasConsent || values.categories.some((category) => !covered.has(category));
  return (
    <fieldset className="panel" id={IDS.categories} tabIndex={-1}>
      <legend>{t('referralForm.categoriesLegend', { organisation: organisationName })}</legend>
      <p>
        {hasConsent
          ? t('referralForm.consentCovers', {
              categories: [...covered].map((category) => t(`category.${category}`)).join(', '),
            })
          : t('referralForm.noConsent', { organisation: organisationName })}
      </p>
      {gap && (
        <p>
          <RecordConsentLink
            clientId={clientId}
            organisationId={organisationId}
            categories={values.categories}
          />
        </p>
      )}
      {fieldError(errors, IDS.categories) && (
        <p className="field__error">{fieldError(errors, IDS.categories)}</p>
      )}
      {DATA_CATEGORIES.map((category) => (
        <Checkbox
          key={category}
          id={`referral-category-${category}`}
          checked={values.categories.includes(category)}
          hintText={covered.has(category) ? undefined : t('referralForm.notCovered')}
          onClick={({ checkboxState }) =>
            set(
              'categories',
              checkboxState
                ? [...values.categories, category]
                : values.categories.filter((entry) => entry !== category),
            )
          }
        >
          {t(`category.${category}`)}
          {SPECIAL_CATEGORIES.includes(category) && (
            <span className="special"> ({t('consentForm.special')})</span>
          )}
        </Checkbox>
      ))}
    </fieldset>
  );
}

/** Step 4: why, how urgent, whether an interpreter is needed. */
export function DetailsStep({ values, set, errors }: StepProps) {
  const { t } = useTranslation();
  return (
    <div className="panel">
      <Textarea
        id={IDS.reason}
        labelText={t('referralForm.reason')}
        hintText={t('referralForm.reasonHint')}
        fullWidth
        value={values.reason}
        onChange={(event) => set('reason', event.target.value)}
        status={fieldError(errors, IDS.reason) ? 'error' : 'default'}
        statusText={fieldError(errors, IDS.reason)}
      />
      <RadioButtonGroup
        id={IDS.urgency}
        labelText={t('referralForm.urgency')}
        name="urgency"
        value={values.urgency}
        onChange={(value) => set('urgency', value as Urgency)}
      >
        {URGENCIES.map((urgency) => (
          <RadioButton key={urgency} value={urgency} id={`referral-urgency-${urgency}`}>
            {t(`urgency.${urgency}`)}
          </RadioButton>
        ))}
      </RadioButtonGroup>
      <Checkbox
        id="referral-interpreterNeeded"
        checked={values.interpreterNeeded}
        onClick={({ checkboxState }) => set('interpreterNeeded', checkboxState)}
      >
        {t('fields.interpreterNeeded')}
      </Checkbox>
    </div>
  );
}

/** Step 5: everything once more before it is sent, logged or saved as a draft. */
export function ReviewStep({
  values,
  client,
  logged,
  serviceName,
  organisationName,
}: {
  values: Values;
  client: Client;
  logged: boolean;
  serviceName: string;
  organisationName: string;
}) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-label={t('referralForm.stepReview')}>
      <dl className="definition-list">
        <dt>{t('referral.client')}</dt>
        <dd>
          {client.firstName} {client.lastName}
        </dd>
        <dt>{t('referral.need')}</dt>
        <dd>{values.need ? t(`need.${values.need}`) : ''}</dd>
        <dt>{t('referral.recipient')}</dt>
        <dd>
          {logged
            ? `${values.loggedRecipientName} (${t('referral.logged')})`
            : `${serviceName} – ${organisationName}`}
        </dd>
        {!logged && (
          <>
            <dt>{t('referral.categories')}</dt>
            <dd>{values.categories.map((category) => t(`category.${category}`)).join(', ')}</dd>
          </>
        )}
        <dt>{t('referralForm.reason')}</dt>
        <dd>{values.reason}</dd>
        <dt>{t('referralForm.urgency')}</dt>
        <dd>{t(`urgency.${values.urgency}`)}</dd>
        <dt>{t('fields.interpreterNeeded')}</dt>
        <dd>{values.interpreterNeeded ? t('common.yes') : t('common.no')}</dd>
      </dl>
    </section>
  );
}
