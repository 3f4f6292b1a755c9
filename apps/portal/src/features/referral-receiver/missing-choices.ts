// What a referral action's dialog still needs before it can be sent: the reason and the outcome,
// when the action asks for them. Both dialogs (the sender's and the receiver's) say it the same way.
import type { TFunction } from 'i18next';
import type { FormError } from '../../ui/FormErrors';

export function missingChoices(
  action: { reasons?: readonly string[]; outcomes?: readonly string[] },
  chosen: { reasonCode: string; outcomeCode: string },
  ids: { reasonCode: string; outcomeCode: string },
  t: TFunction,
): FormError[] {
  const missing: FormError[] = [];
  if (action.reasons && !chosen.reasonCode) {
    missing.push({ inputId: ids.reasonCode, text: t('receiver.dialog.reasonRequired') });
  }
  if (action.outcomes && !chosen.outcomeCode) {
    missing.push({ inputId: ids.outcomeCode, text: t('receiver.dialog.outcomeRequired') });
  }
  return missing;
}
