// The dialog of a step that needs a reason or an outcome (Reject, Put on hold, Complete, Fail): a
// native modal <dialog> (focus kept inside, Escape cancels, focus returns to the button). A missing
// choice shows the error summary and sends nothing; the API's refusal is shown the same way, with
// what was chosen and typed kept.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Textarea } from 'suomifi-ui-components';
import { ApiError } from '../../api/client';
import { REASON_TEXT_MAX_LENGTH } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { FormErrorSummary, apiFormErrors, fieldError, type FormError } from '../../ui/FormErrors';
import { Select } from '../../ui/Select';
import { missingChoices } from './missing-choices';
import type { ReceiverAction } from './transitions';

export interface TransitionInput {
  reasonCode?: string;
  reasonText?: string;
  outcomeCode?: string;
}

const IDS = {
  reasonCode: 'transition-reason',
  outcomeCode: 'transition-outcome',
  reasonText: 'transition-text',
};

/** A 422 REFERRAL.REASON_REQUIRED names the field in details ({ field, allowed }). */
function refusalErrors(error: unknown, t: ReturnType<typeof useTranslation>['t']): FormError[] {
  if (error instanceof ApiError && error.code === 'REFERRAL.REASON_REQUIRED') {
    const details = (error.details ?? {}) as { field?: string };
    const inputId = details.field === 'outcomeCode' ? IDS.outcomeCode : IDS.reasonCode;
    return [
      {
        inputId,
        text: t(
          inputId === IDS.outcomeCode ? 'receiver.dialog.outcomeRequired' : 'receiver.dialog.reasonRequired',
        ),
      },
    ];
  }
  return apiFormErrors(error, t, IDS);
}

export function TransitionDialog({
  action,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  action: ReceiverAction;
  busy: boolean;
  /** The API's refusal of the last attempt, if any. */
  error: unknown;
  onConfirm(input: TransitionInput): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const ref = useRef<HTMLDialogElement>(null);
  const [reasonCode, setReasonCode] = useState('');
  const [outcomeCode, setOutcomeCode] = useState('');
  const [reasonText, setReasonText] = useState('');
  const [missing, setMissing] = useState<FormError[]>([]);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') {
        dialog.showModal();
      } else {
        dialog.setAttribute('open', '');
      }
    }
    return () => {
      if (dialog?.open && typeof dialog.close === 'function') {
        dialog.close();
      }
    };
  }, []);
  const refused = error ? refusalErrors(error, t) : [];
  const errors = missing.length > 0 ? missing : refused;
  const title = t(`receiver.dialog.title.${action.name}`);
  const reasonLabel = action.name === 'fail' ? t('receiver.dialog.failReason') : t('receiver.dialog.reason');
  return (
    <dialog
      ref={ref}
      className="panel action-dialog"
      aria-labelledby="transition-dialog-title"
      data-transition-dialog={action.name}
      // Escape asks to cancel; the dialog closes by being unmounted. Not onClose: the close event of
      // an earlier close() (StrictMode's second effect run) arrives after the dialog opened again.
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const problems = missingChoices(action, { reasonCode, outcomeCode }, IDS, t);
          setMissing(problems);
          if (problems.length > 0) {
            return;
          }
          onConfirm({
            ...(reasonCode ? { reasonCode } : {}),
            ...(outcomeCode ? { outcomeCode } : {}),
            ...(reasonText.trim() ? { reasonText: reasonText.trim() } : {}),
          });
        }}
      >
        <h2 id="transition-dialog-title">{title}</h2>
        <FormErrorSummary errors={errors} />
        {action.reasons && (
          <Select
            id={IDS.reasonCode}
            label={reasonLabel}
            value={reasonCode}
            error={fieldError(errors, IDS.reasonCode)}
            required
            onChange={setReasonCode}
          >
            <option value="">{t('receiver.dialog.choose')}</option>
            {action.reasons.map((code) => (
              <option key={code} value={code}>
                {t(`${action.reasonGroup ?? 'reason'}.${code}`)}
              </option>
            ))}
          </Select>
        )}
        {action.outcomes && (
          <Select
            id={IDS.outcomeCode}
            label={t('receiver.dialog.outcome')}
            value={outcomeCode}
            error={fieldError(errors, IDS.outcomeCode)}
            required
            onChange={setOutcomeCode}
          >
            <option value="">{t('receiver.dialog.choose')}</option>
            {action.outcomes.map((code) => (
              <option key={code} value={code}>
                {t(`outcome.${code}`)}
              </option>
            ))}
          </Select>
        )}
        <Textarea
          id={IDS.reasonText}
          labelText={t('receiver.dialog.text')}
          optionalText={t('receiver.dialog.optional')}
          value={reasonText}
          maxLength={REASON_TEXT_MAX_LENGTH}
          hintText={t('common.maxChars', { max: format.number(REASON_TEXT_MAX_LENGTH) })}
          status={fieldError(errors, IDS.reasonText) ? 'error' : 'default'}
          statusText={fieldError(errors, IDS.reasonText)}
          onChange={(event) => setReasonText(event.target.value)}
        />
        <div className="form-actions">
          <Button type="submit" disabled={busy}>
            {t('receiver.dialog.confirm')}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
