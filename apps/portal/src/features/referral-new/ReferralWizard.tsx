// The referral wizard: need → directory (by need and language) → a service or an off-platform
// recipient → the categories the consent covers → reason, urgency, interpreter → review → send or
// save a draft. A consent gap (422) names what is missing and links to the consent wizard (in a new
// tab: the referral stays here as written, to be sent again). The step is in the address
// (ui/wizard-steps.ts), so the browser's Back goes to the step before.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { ApiError, api } from '../../api/client';
import { DATA_CATEGORIES, type Client, type Referral } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { apiFormErrors, FormErrorSummary } from '../../ui/FormErrors';
import { useWizardSteps } from '../../ui/wizard-steps';
import { ConsentGap, consentGapOf, type ConsentGapDetails } from './ConsentGap';
import {
  IDS,
  initialValues,
  referralBody,
  STEP_OF_FIELD,
  stepErrors,
  stepShown,
  type Values,
} from './referral-values';
import { useRecipient } from './recipient';
import { CategoriesStep, DetailsStep, NeedStep, RecipientStep, ReviewStep } from './ReferralSteps';
import { useFocusWhenShown } from '../../ui/focus-when-shown';

export function ReferralWizard({
  client,
  onDone,
}: {
  client: Client;
  onDone(referral: Referral, sent: boolean): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const wizard = useWizardSteps();
  const { step, errors } = wizard;
  const [gap, setGap] = useState<ConsentGapDetails | null>(null);
  // A possible duplicate (409) waits for confirmation of what was asked: send, or only save a draft.
  const [duplicate, setDuplicate] = useState<{ send: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const duplicateRef = useFocusWhenShown<HTMLDivElement>(duplicate !== null);
  const [values, setValues] = useState<Values>(() => initialValues(client));
  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    wizard.changed();
    // A consent gap or a possible duplicate was the answer to the values sent: changed, it is out of date.
    setGap(null);
    setDuplicate(null);
    setValues((current) => ({ ...current, [key]: value }));
  };
  const {
    services,
    directoryPending,
    service,
    logged,
    organisationId,
    organisationName,
    activeConsents,
    covered,
  } = useRecipient(values, client.id);

  const steps = [
    t('referralForm.stepNeed'),
    t('referralForm.stepRecipient'),
    t('referralForm.stepCategories'),
    t('referralForm.stepDetails'),
    t('referralForm.stepReview'),
  ];

  const goTo = (target: number) => {
    if (target === 2 && values.categories.length === 0 && covered.size > 0) {
      // Start from what the consent covers.
      set(
        'categories',
        DATA_CATEGORIES.filter((category) => covered.has(category)),
      );
    }
    wizard.goTo(stepShown(target, step, logged));
  };

  const next = () => {
    const found = stepErrors(step, values, logged, t);
    if (found.length === 0) {
      goTo(step + 1);
    } else {
      wizard.showErrors(found);
    }
  };

  const submit = async (send: boolean, confirmDuplicate = false) => {
    setBusy(true);
    setGap(null);
    try {
      const body = referralBody(client.id, values, { logged, organisationId }, send, confirmDuplicate);
      const referral = await api.post<Referral>('/api/v1/referrals', body);
      onDone(referral, send);
    } catch (error) {
      const consentGap = consentGapOf(error);
      const possibleDuplicate = error instanceof ApiError && error.code === 'REFERRAL.POSSIBLE_DUPLICATE';
      setDuplicate(possibleDuplicate ? { send } : null);
      if (consentGap) {
        wizard.showErrors([]);
        setGap(consentGap);
      } else if (possibleDuplicate) {
        wizard.showErrors([]);
      } else {
        const found = apiFormErrors(error, t, IDS);
        const first = found.find((entry) => entry.inputId !== null);
        wizard.showErrors(found, first?.inputId ? STEP_OF_FIELD[first.inputId] : undefined);
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
      <h2 ref={wizard.headingRef} tabIndex={-1}>
        {steps[step]}
      </h2>
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
        <div className="alert-box alert-box--warning" role="alert" ref={duplicateRef} tabIndex={-1}>
          <p>{t('errorCodes.REFERRAL.POSSIBLE_DUPLICATE')}</p>
          <Button disabled={busy} onClick={() => void submit(duplicate.send, true)}>
            {duplicate.send ? t('referralForm.sendAnyway') : t('referralForm.saveDraftAnyway')}
          </Button>
        </div>
      )}
      {step === 0 && <NeedStep values={values} set={set} errors={errors} client={client} />}
      {step === 1 && (
        <RecipientStep
          values={values}
          set={set}
          errors={errors}
          services={services}
          directoryPending={directoryPending}
          logged={logged}
        />
      )}
      {step === 2 && (
        <CategoriesStep
          values={values}
          set={set}
          errors={errors}
          organisationName={organisationName}
          hasConsent={activeConsents.length > 0}
          covered={covered}
          clientId={client.id}
          organisationId={organisationId}
        />
      )}
      {step === 3 && <DetailsStep values={values} set={set} errors={errors} />}
      {step === 4 && (
        <ReviewStep
          values={values}
          client={client}
          logged={logged}
          serviceName={service ? format.localised(service.name) : ''}
          organisationName={organisationName}
        />
      )}
      <div className="form-actions">
        {step > 0 && (
          <Button variant="secondary" onClick={() => wizard.back(stepShown(step - 1, step, logged))}>
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
