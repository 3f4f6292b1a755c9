// The consent wizard's values, field ids and checks, and the payload they make (ConsentForm.tsx
// holds the steps' state; ConsentSteps.tsx draws them).
import type { ConsentGiver, ConsentMethod, ConsentPurpose, DataCategory } from '../../api/types';
import {
  aYearLater,
  endOfHelsinkiDay,
  fieldDate,
  helsinkiDate,
  isCalendarDay,
  toIsoDate,
} from '../../i18n/helsinki-time';
import type { FormError } from '../../ui/FormErrors';

export const CURRENT_NOTICE_VERSION = '2026-1';

export interface ConsentPayload {
  decision: 'given' | 'refused';
  recipientOrganisationIds: string[];
  categories: DataCategory[];
  purposes: ConsentPurpose[];
  method: ConsentMethod;
  givenBy: ConsentGiver;
  noticeVersion: string;
  noticeLanguage: string;
  interpreterUsed: boolean;
  validUntil?: string;
}

export interface Values {
  decision: 'given' | 'refused';
  recipients: string[];
  categories: DataCategory[];
  purposes: ConsentPurpose[];
  method: ConsentMethod | '';
  givenBy: ConsentGiver | '';
  noticeVersion: string;
  noticeLanguage: string;
  interpreterUsed: boolean;
  validUntil: string;
}

export const IDS = {
  recipientOrganisationIds: 'consent-recipients',
  categories: 'consent-categories',
  purposes: 'consent-purposes',
  method: 'consent-method',
  givenBy: 'consent-givenBy',
  noticeVersion: 'consent-noticeVersion',
  noticeLanguage: 'consent-noticeLanguage',
  validUntil: 'consent-validUntil',
} as const;

/** Which step holds which field (an API error takes the user there). */
export const STEP_OF: Record<string, number> = {
  [IDS.recipientOrganisationIds]: 0,
  [IDS.categories]: 0,
  [IDS.purposes]: 0,
};

/** A new consent's values: given, for referrals, by the client, valid a year. */
export function initialValues({
  clientLanguage,
  recipients = [],
  categories = [],
}: {
  clientLanguage: string | null;
  recipients?: string[];
  categories?: DataCategory[];
}): Values {
  return {
    decision: 'given',
    recipients,
    categories,
    purposes: ['referral'],
    method: '',
    givenBy: 'client',
    noticeVersion: CURRENT_NOTICE_VERSION,
    noticeLanguage: clientLanguage ?? '',
    interpreterUsed: false,
    validUntil: inOneYear(),
  };
}

/** The default validity: a year from today in Finland, as the date field shows it. */
function inOneYear(now = new Date()): string {
  return fieldDate(aYearLater(helsinkiDate(now)));
}

/** How far ahead a consent may be valid (apps/clients consent.service.ts). */
const MAX_VALIDITY_YEARS = 5;

/** The first day a consent may no longer be valid through: the same day five years on. */
function firstDayTooFar(today: string): string {
  let day = today;
  for (let year = 0; year < MAX_VALIDITY_YEARS; year += 1) {
    day = aYearLater(day);
  }
  return day;
}

/** A given consent's last day: a real day, not passed, and less than five years ahead. */
function validUntilError(text: string, today: string): string | null {
  const day = toIsoDate(text);
  if (!isCalendarDay(day)) {
    return 'consentForm.required.validUntil';
  }
  if (day < today) {
    return 'consentForm.required.validUntilPast';
  }
  return day >= firstDayTooFar(today) ? 'consentForm.required.validUntilTooFar' : null;
}

export function stepErrors(
  step: number,
  values: Values,
  t: (key: string) => string,
  today = helsinkiDate(),
): FormError[] {
  const errors: FormError[] = [];
  const need = (ok: boolean, id: string, key: string) => {
    if (!ok) {
      errors.push({ inputId: id, text: t(key) });
    }
  };
  if (step === 0) {
    need(values.recipients.length > 0, IDS.recipientOrganisationIds, 'consentForm.required.recipients');
    need(values.categories.length > 0, IDS.categories, 'consentForm.required.categories');
    need(values.purposes.length > 0, IDS.purposes, 'consentForm.required.purposes');
  }
  if (step === 1) {
    need(values.method !== '', IDS.method, 'consentForm.required.method');
    need(values.givenBy !== '', IDS.givenBy, 'consentForm.required.givenBy');
    need(values.noticeLanguage !== '', IDS.noticeLanguage, 'consentForm.required.noticeLanguage');
    need(values.noticeVersion.trim() !== '', IDS.noticeVersion, 'consentForm.required.noticeVersion');
    const validity = values.decision === 'refused' ? null : validUntilError(values.validUntil, today);
    need(validity === null, IDS.validUntil, validity ?? '');
  }
  return errors;
}

export function toConsentPayload(values: Values): ConsentPayload {
  const payload: ConsentPayload = {
    decision: values.decision,
    recipientOrganisationIds: values.recipients,
    categories: values.categories,
    purposes: values.purposes,
    method: values.method as ConsentMethod,
    givenBy: values.givenBy as ConsentGiver,
    noticeVersion: values.noticeVersion.trim(),
    noticeLanguage: values.noticeLanguage,
    interpreterUsed: values.interpreterUsed,
  };
  if (values.decision === 'given') {
    // Valid through the chosen day, Finnish time.
    payload.validUntil = endOfHelsinkiDay(toIsoDate(values.validUntil)).toISOString();
  }
  return payload;
}

export const toggle = <T>(list: T[], item: T, on: boolean): T[] =>
  on ? [...list.filter((entry) => entry !== item), item] : list.filter((entry) => entry !== item);
