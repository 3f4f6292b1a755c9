// The referral wizard: need → directory (by need and language) → a service or an off-platform
// recipient → the categories the consent covers → reason, urgency, interpreter → review → send or
// save a draft. A consent gap (422) names what is missing and links to the consent wizard.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, RadioButton, RadioButtonGroup, TextInput, Textarea } from 'suomifi-ui-components';
import { ApiError, api } from '../../api/client';
import { useConsents, useDirectory } from '../../api/queries';
import { useSession } from '../../api/session';
import {
  CLIENT_LANGUAGES,
  DATA_CATEGORIES,
  NEED_CATEGORIES,
  SPECIAL_CATEGORIES,
  URGENCIES,
  type Client,
  type DataCategory,
  type NeedCategory,
  type Referral,
  type Urgency,
} from '../../api/types';
import { useFormat } from '../../i18n/format';
import { apiFormErrors, fieldError, FormErrorSummary, type FormError } from '../../ui/FormErrors';
import { Loading } from '../../ui/Loading';
import { Select } from '../../ui/Select';
import { ConsentGap, consentGapOf, type ConsentGapDetails } from './ConsentGap';

const OFF_PLATFORM = 'off-platform';

const IDS = {
  need: 'referral-need',
  serviceId: 'referral-service',
  receivingOrganisationId: 'referral-service',
  loggedRecipientName: 'referral-loggedRecipientName',
  categories: 'referral-categories',
  reason: 'referral-reason',
  urgency: 'referral-urgency',
  language: 'referral-language',
} as const;

interface Values {
  need: NeedCategory | '';
  language: string;
  choice: string;
  loggedRecipientName: string;
  categories: DataCategory[];
  reason: string;
  urgency: Urgency;
  interpreterNeeded: boolean;
}

const STEP_OF_FIELD: Record<string, number> = {
  [IDS.need]: 0,
  [IDS.language]: 1,
  [IDS.serviceId]: 1,
  [IDS.loggedRecipientName]: 1,
  [IDS.categories]: 2,
  [IDS.reason]: 3,
  [IDS.urgency]: 3,
};

export function ReferralWizard({
  client,
  onDone,
}: {
  client: Client;
  onDone(referral: Referral, sent: boolean): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [gap, setGap] = useState<ConsentGapDetails | null>(null);
  const [duplicate, setDuplicate] = useState<boolean>(false);
  const [busy, setBusy] = useState(false);
  const [values, setValues] = useState<Values>({
    need: client.needs[0]?.category ?? '',
    language: client.preferredLanguage ?? '',
    choice: '',
    loggedRecipientName: '',
    categories: [],
    reason: '',
    urgency: 'routine',
    interpreterNeeded: client.interpreterNeeded,
  });
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const directory = useDirectory(values.need || undefined, values.language || undefined);
  const consents = useConsents(client.id);
  const { session } = useSession();
  // Referrals go to other organisations.
  const services = (directory.data?.items ?? []).filter(
    (entry) => entry.organisation.id !== session.activeOrganisationId,
  );
  const service = services.find((entry) => entry.id === values.choice);
  const logged = values.choice === OFF_PLATFORM;
  const organisationId = service?.organisation.id ?? '';
  const organisationName = service ? format.localised(service.organisation.name) : values.loggedRecipientName;
  const activeConsents = (consents.data?.items ?? []).filter(
    (consent) => consent.status === 'active' && consent.recipientOrganisationIds.includes(organisationId),
  );
  const covered = new Set(activeConsents.flatMap((consent) => consent.categories));

  const steps = [
    t('referralForm.stepNeed'),
    t('referralForm.stepRecipient'),
    t('referralForm.stepCategories'),
    t('referralForm.stepDetails'),
    t('referralForm.stepReview'),
  ];

  const check = (at: number): FormError[] => {
    const found: FormError[] = [];
    if (at === 0 && !values.need) {
      found.push({ inputId: IDS.need, text: t('referralForm.required.need') });
    }
    if (at === 1) {
      if (!values.choice) {
        found.push({ inputId: IDS.serviceId, text: t('referralForm.required.recipient') });
      } else if (logged && values.loggedRecipientName.trim().length < 2) {
        found.push({
          inputId: IDS.loggedRecipientName,
          text: t('referralForm.required.loggedRecipientName'),
        });
      }
    }
    if (at === 2 && !logged && values.categories.length === 0) {
      found.push({ inputId: IDS.categories, text: t('referralForm.required.categories') });
    }
    if (at === 3 && !values.reason.trim()) {
      found.push({ inputId: IDS.reason, text: t('referralForm.required.reason') });
    }
    return found;
  };

  const goTo = (target: number) => {
    setErrors([]);
    if (target === 2 && values.categories.length === 0 && covered.size > 0) {
      // Start from what the consent covers.
      set(
        'categories',
        DATA_CATEGORIES.filter((category) => covered.has(category)),
      );
    }
    // An off-platform recipient gets no data: there are no categories to choose.
    setStep(target === 2 && logged ? (target > step ? 3 : 1) : target);
  };

  const next = () => {
    const found = check(step);
    setErrors(found);
    if (found.length === 0) {
      goTo(step + 1);
    }
  };

  const submit = async (send: boolean, confirmDuplicate = false) => {
    setBusy(true);
    setGap(null);
    try {
      const body = {
        clientId: client.id,
        ...(logged
          ? { loggedRecipientName: values.loggedRecipientName.trim() }
          : { receivingOrganisationId: organisationId, serviceId: values.choice }),
        need: values.need,
        reason: values.reason.trim(),
        urgency: values.urgency,
        categories: logged ? [] : values.categories,
        ...(values.language ? { language: values.language } : {}),
        interpreterNeeded: values.interpreterNeeded,
        send,
        ...(confirmDuplicate ? { confirmDuplicate: true } : {}),
      };
      const referral = await api.post<Referral>('/api/v1/referrals', body);
      onDone(referral, send);
    } catch (error) {
      const consentGap = consentGapOf(error);
      if (consentGap) {
        setErrors([]);
        setGap(consentGap);
      } else if (error instanceof ApiError && error.code === 'REFERRAL.POSSIBLE_DUPLICATE') {
        setErrors([]);
        setDuplicate(true);
      } else {
        const found = apiFormErrors(error, t, IDS);
        const first = found.find((entry) => entry.inputId !== null);
        if (first?.inputId && STEP_OF_FIELD[first.inputId] !== undefined) {
          setStep(STEP_OF_FIELD[first.inputId]);
        }
        setErrors(found);
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
        if (step < 4) {
          next();
        } else {
          void submit(true);
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
      {gap && (
        <ConsentGap
          gap={gap}
          clientId={client.id}
          organisationId={organisationId}
          organisationName={organisationName}
          categories={values.categories}
        />
      )}
      {duplicate && (
        <div className="alert-box alert-box--warning" role="alert">
          <p>{t('errorCodes.REFERRAL.POSSIBLE_DUPLICATE')}</p>
          <Button disabled={busy} onClick={() => void submit(true, true)}>
            {t('referralForm.sendAnyway')}
          </Button>
        </div>
      )}
      {step === 0 && (
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
      )}
      {step === 1 && (
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
          {directory.isPending ? (
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
                    hintText={`${format.localised(entry.organisation.name)} · ${t(
                      'referralForm.responseDays',
                      {
                        days: format.number(entry.organisation.responseDays),
                      },
                    )} · ${entry.languages.map(format.languageName).join(', ')}`}
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
      )}
      {step === 2 && (
        <fieldset className="panel" id={IDS.categories} tabIndex={-1}>
          <legend>{t('referralForm.categoriesLegend', { organisation: organisationName })}</legend>
          <p>
            {activeConsents.length > 0
              ? t('referralForm.consentCovers', {
                  categories: [...covered].map((category) => t(`category.${category}`)).join(', '),
                })
              : t('referralForm.noConsent', { organisation: organisationName })}
          </p>
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
      )}
      {step === 3 && (
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
      )}
      {step === 4 && (
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
                : `${service ? format.localised(service.name) : ''} – ${organisationName}`}
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
      )}
      <div className="form-actions">
        {step > 0 && (
          <Button variant="secondary" onClick={() => goTo(step - 1)}>
            {t('common.back')}
          </Button>
        )}
        {step < 4 ? (
          <Button type="submit">{t('common.next')}</Button>
        ) : (
          <>
            <Button type="submit" disabled={busy}>
              {logged ? t('referralForm.log') : t('referralForm.send')}
            </Button>
            <Button variant="secondary" disabled={busy} onClick={() => void submit(false)}>
              {t('referralForm.saveDraft')}
            </Button>
          </>
        )}
      </div>
    </form>
  );
}
