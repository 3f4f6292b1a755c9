// The dialog of an action that needs a reason or an outcome (a native <dialog>: modal, focus kept
// inside, Escape closes, focus returns to the button). Actions without either run at once.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Textarea } from 'suomifi-ui-components';
import { REASON_TEXT_MAX_LENGTH } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { Select } from '../../ui/Select';
import type { ReferralAction } from './actions';

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
  const [missing, setMissing] = useState<string | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      dialog.showModal?.();
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
          if ((action.reasons && !reasonCode) || (action.outcomes && !outcomeCode)) {
            setMissing(t('actions.choose'));
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
        {(missing ?? error) && (
          <p className="field__error" role="alert">
            {missing ?? error}
          </p>
        )}
        {action.reasons && (
          <Select id="action-reason" label={t('actions.reason')} value={reasonCode} onChange={setReasonCode}>
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
            id="action-outcome"
            label={t('actions.outcome')}
            value={outcomeCode}
            onChange={setOutcomeCode}
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
