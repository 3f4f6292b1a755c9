// The consent wizard: (1) with whom and what: recipients from the directory, data categories
// (health marked as special category data), purposes; (2) how: given or refused, method, by whom,
// notice language and version, interpreter, validity; (3) review and record. A refusal by the
// API sends the user back to the step of the first field it names, with every value kept. The step
// is in the address (ui/wizard-steps.ts), so the browser's Back goes to the step before.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import type { DirectoryOrganisation } from '../../api/queries';
import type { DataCategory } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { apiFormErrors, FormErrorSummary } from '../../ui/FormErrors';
import { useWizardSteps } from '../../ui/wizard-steps';
import {
  IDS,
  initialValues,
  STEP_OF,
  stepErrors,
  toConsentPayload,
  type ConsentPayload,
  type Values,
} from './consent-values';
import { HowStep, ReviewStep, WhatStep } from './ConsentSteps';

export { CURRENT_NOTICE_VERSION, toConsentPayload, type ConsentPayload } from './consent-values';

/** The submit button moves on, then records the consent or its refusal. */
function submitLabel(step: number, decision: Values['decision']): string {
  if (step < 2) {
    return 'common.next';
  }
  return decision === 'given' ? 'consentForm.record' : 'consentForm.recordRefusal';
}

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
  const wizard = useWizardSteps();
  const { step, errors } = wizard;
  const [busy, setBusy] = useState(false);
  const [values, setValues] = useState<Values>(() =>
    initialValues({ clientLanguage, recipients: initialRecipients, categories: initialCategories }),
  );
  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    wizard.changed();
    setValues((current) => ({ ...current, [key]: value }));
  };
  const steps = [t('consentForm.stepWhat'), t('consentForm.stepHow'), t('consentForm.stepReview')];

  const next = () => {
    const found = stepErrors(step, values, t);
    if (found.length === 0) {
      wizard.goTo(step + 1);
    } else {
      wizard.showErrors(found);
    }
  };

  const record = async () => {
    setBusy(true);
    try {
      await onSubmit(toConsentPayload(values));
    } catch (error) {
      const found = apiFormErrors(error, t, IDS);
      const first = found.find((entry) => entry.inputId !== null);
      wizard.showErrors(found, first?.inputId ? (STEP_OF[first.inputId] ?? 1) : undefined);
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
      <h2 ref={wizard.headingRef} tabIndex={-1}>
        {steps[step]}
      </h2>
      <FormErrorSummary errors={errors} />
      {step === 0 && <WhatStep values={values} set={set} errors={errors} organisations={organisations} />}
      {step === 1 && <HowStep values={values} set={set} errors={errors} />}
      {step === 2 && <ReviewStep values={values} organisationName={organisationName} />}
      <div className="form-actions">
        {step > 0 && (
          <Button variant="secondary" onClick={() => wizard.back(step - 1)}>
            {t('common.back')}
          </Button>
        )}
        <Button type="submit" disabled={busy}>
          {t(submitLabel(step, values.decision))}
        </Button>
      </div>
    </form>
  );
}
