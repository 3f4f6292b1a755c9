// The dialog of an action that needs a reason or an outcome (a native <dialog>: modal, focus kept
// inside, Escape closes, focus returns to the button). Actions without either run at once.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Textarea } from 'suomifi-ui-components';
import { REASON_TEXT_MAX_LENGTH } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { FormErrorSummary, fieldError, type FormError } from '../../ui/FormErrors';
import { Select } from '../../ui/Select';
import { missingChoices } from '../referral-receiver/missing-choices';
import type { ReferralAction } from './actions';

const IDS = { reasonCode: 'action-reason', outcomeCode: 'action-outcome' };

export interface ActionInput {
  reasonCode?: string;
  outcomeCode?: string;
  reasonText?: string;
}

export function ActionDialog({
  action,
  onConfirm,
  onClose,
  busy,
  error,
}: {
  action: ReferralAction;
  onConfirm(input: ActionInput): void;
  onClose(): void;
  busy: boolean;
  error: string | null;
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
    return () => dialog?.close?.();
  }, []);
  const title = t(action.label);
  return (
    <dialog ref={ref} className="panel action-dialog" aria-labelledby="action-dialog-title" onClose={onClose}>
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
        <h2 id="action-dialog-title">{title}</h2>
        <FormErrorSummary errors={missing} />
        {missing.length === 0 && error && (
          <p className="field__error" role="alert">
            {error}
          </p>
        )}
        {action.reasons && (
          <Select
            id={IDS.reasonCode}
            label={t('actions.reason')}
            value={reasonCode}
            onChange={setReasonCode}
            error={fieldError(missing, IDS.reasonCode)}
          >
            <option value="">{t('actions.chooseOption')}</option>
            {action.reasons.map((code) => (
              <option key={code} value={code}>
                {t(`reason.${code}`)}
              </option>
            ))}
          </Select>
        )}
        {action.outcomes && (
          <Select
            id={IDS.outcomeCode}
            label={t('actions.outcome')}
            value={outcomeCode}
            onChange={setOutcomeCode}
            error={fieldError(missing, IDS.outcomeCode)}
          >
            <option value="">{t('actions.chooseOption')}</option>
            {action.outcomes.map((code) => (
              <option key={code} value={code}>
                {t(`outcome.${code}`)}
              </option>
            ))}
          </Select>
        )}
        <Textarea
          id="action-text"
          labelText={t('actions.text')}
          optionalText={t('common.optional')}
          value={reasonText}
          maxLength={REASON_TEXT_MAX_LENGTH}
          hintText={t('common.maxChars', { max: format.number(REASON_TEXT_MAX_LENGTH) })}
          onChange={(event) => setReasonText(event.target.value)}
        />
        <div className="form-actions">
          <Button type="submit" disabled={busy}>
            {t('actions.confirm', { action: title })}
          </Button>
          <Button variant="secondary" onClick={() => ref.current?.close()}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
