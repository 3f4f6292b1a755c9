// The referral wizard's values, field ids and checks (ReferralWizard.tsx holds the state,
// ReferralSteps.tsx draws the steps).
import type { Client, DataCategory, NeedCategory, Urgency } from '../../api/types';
import type { FormError } from '../../ui/FormErrors';

export const OFF_PLATFORM = 'off-platform';

export const IDS = {
  need: 'referral-need',
  serviceId: 'referral-service',
  receivingOrganisationId: 'referral-service',
  loggedRecipientName: 'referral-loggedRecipientName',
  categories: 'referral-categories',
  reason: 'referral-reason',
  urgency: 'referral-urgency',
  language: 'referral-language',
} as const;

export interface Values {
  need: NeedCategory | '';
  language: string;
  choice: string;
  loggedRecipientName: string;
  categories: DataCategory[];
  reason: string;
  urgency: Urgency;
  interpreterNeeded: boolean;
}

export const STEP_OF_FIELD: Record<string, number> = {
  [IDS.need]: 0,
  [IDS.language]: 1,
  [IDS.serviceId]: 1,
  [IDS.loggedRecipientName]: 1,
  [IDS.categories]: 2,
  [IDS.reason]: 3,
  [IDS.urgency]: 3,
};

/** A new referral starts from the client's first need, language and interpreter need. */
export function initialValues(client: Client): Values {
  return {
    need: client.needs[0]?.category ?? '',
    language: client.preferredLanguage ?? '',
    choice: '',
    loggedRecipientName: '',
    categories: [],
    reason: '',
    urgency: 'routine',
    interpreterNeeded: client.interpreterNeeded,
  };
}

export type SetValue = <K extends keyof Values>(key: K, value: Values[K]) => void;

/** What step `at` still lacks (`logged`: an off-platform recipient, which gets no data). */
export function stepErrors(
  at: number,
  values: Values,
  logged: boolean,
  t: (key: string) => string,
): FormError[] {
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
}

/** The step shown for `target`: an off-platform recipient gets no data, so the categories are skipped. */
export function stepShown(target: number, from: number, logged: boolean): number {
  if (target !== 2 || !logged) {
    return target;
  }
  return target > from ? 3 : 1;
}

/** The request body of POST /referrals. */
export function referralBody(
  clientId: string,
  values: Values,
  recipient: { logged: boolean; organisationId: string },
  send: boolean,
  confirmDuplicate: boolean,
) {
  const { logged, organisationId } = recipient;
  return {
    clientId,
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
}
