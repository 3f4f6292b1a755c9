import {
  AppError,
  parsePersonalIdentityCode,
  type ClientBackground,
  type ClientBackgroundInput,
  type ClientFields,
  type ClientNeed,
  type ClientEsf,
  type ClientNeedInput,
  type Gender,
  DEFAULT_CLIENT_ESF,
} from '#contracts';

/** A client's fields after the rules that span fields (identity code and date of birth agree, ...). */
export interface PreparedClientFields {
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  personalIdentityCode: string | null;
  languages: string[];
  preferredLanguage: string | null;
  interpreterNeeded: boolean;
  phone: string | null;
  email: string | null;
  municipality: string | null;
  gender: Gender | null;
  needs: ClientNeed[];
  background: ClientBackground;
  esf: ClientEsf;
}

export const EMPTY_BACKGROUND: ClientBackground = Object.freeze({
  education: null,
  workHistory: null,
  residenceStatus: null,
  residenceStatusNote: null,
});

export const isEmptyBackground = (background: ClientBackground): boolean =>
  Object.values(background).every((value) => value === null);

const fieldError = (field: string, reason: string): AppError =>
  new AppError('VALIDATION.FAILED', 'The request is invalid', [{ field, reasons: [reason] }]);

const trimmed = (value: string | null | undefined): string | null => {
  const text = value?.trim();
  return text ? text : null;
};

/** A missing key keeps the current value, `null` clears it; `null` for the whole clears everything. */
function mergeBackground(
  current: ClientBackground,
  patch: ClientBackgroundInput | null | undefined,
): ClientBackground {
  if (patch === null) {
    return { ...EMPTY_BACKGROUND };
  }
  if (patch === undefined) {
    return { ...current };
  }
  const text = (key: 'education' | 'workHistory' | 'residenceStatusNote') =>
    patch[key] !== undefined ? trimmed(patch[key]) : current[key];
  return {
    education: text('education'),
    workHistory: text('workHistory'),
    residenceStatus:
      patch.residenceStatus !== undefined ? (patch.residenceStatus ?? null) : current.residenceStatus,
    residenceStatusNote: text('residenceStatusNote'),
  };
}

/** Each ESF key given replaces the value; a missing key keeps it. */
function mergeEsf(current: ClientEsf, patch: Partial<ClientEsf> | undefined): ClientEsf {
  return {
    labourMarketStatusAtEntry: patch?.labourMarketStatusAtEntry ?? current.labourMarketStatusAtEntry,
    educationAtEntry: patch?.educationAtEntry ?? current.educationAtEntry,
    resultAtExit: patch?.resultAtExit !== undefined ? patch.resultAtExit : current.resultAtExit,
  };
}

/** A field as the caller sent it, else as the client has it, else the fallback. */
type FieldPicker = <K extends keyof ClientFields & keyof PreparedClientFields>(
  key: K,
  fallback: PreparedClientFields[K],
) => PreparedClientFields[K];

function fieldPicker(base: PreparedClientFields | null, patch: Partial<ClientFields>): FieldPicker {
  return (key, fallback) =>
    (patch[key] !== undefined ? patch[key] : (base?.[key] ?? fallback)) as PreparedClientFields[typeof key];
}

function requiredName(pick: FieldPicker, key: 'firstName' | 'lastName'): string {
  const name = trimmed(pick(key, ''));
  if (name === null) {
    throw fieldError(key, `${key} should not be empty`);
  }
  return name;
}

/** The identity code (normalised) and the date of birth, which must agree with it. */
function identityFields(
  pick: FieldPicker,
  patch: Partial<ClientFields>,
): { personalIdentityCode: string | null; dateOfBirth: string | null } {
  let dateOfBirth = pick('dateOfBirth', null) ?? null;
  const rawCode = pick('personalIdentityCode', null);
  if (rawCode === null || rawCode === undefined || rawCode === '') {
    return { personalIdentityCode: null, dateOfBirth };
  }
  const parsed = parsePersonalIdentityCode(rawCode);
  if (!parsed.valid) {
    throw fieldError('personalIdentityCode', parsed.message);
  }
  // A new code brings its own date of birth unless the caller also sent one (which must agree).
  if (patch.personalIdentityCode !== undefined && patch.dateOfBirth === undefined) {
    dateOfBirth = parsed.dateOfBirth;
  }
  dateOfBirth ??= parsed.dateOfBirth;
  if (dateOfBirth !== parsed.dateOfBirth) {
    throw fieldError('dateOfBirth', 'dateOfBirth does not match the date in personalIdentityCode');
  }
  return { personalIdentityCode: parsed.code, dateOfBirth };
}

/** The spoken languages, with the preferred one among them (alone, when none were given). */
function languageFields(pick: FieldPicker): { languages: string[]; preferredLanguage: string | null } {
  const preferredLanguage = pick('preferredLanguage', null) ?? null;
  let languages = pick('languages', []) ?? [];
  if (preferredLanguage !== null && languages.length === 0) {
    languages = [preferredLanguage];
  }
  if (preferredLanguage !== null && !languages.includes(preferredLanguage)) {
    throw fieldError('preferredLanguage', 'preferredLanguage must be one of languages');
  }
  return { languages, preferredLanguage };
}

/** `base` is the client as it is (for an update) or empty (for a new client); `patch` what the caller sent. */
export function prepareClientFields(
  base: PreparedClientFields | null,
  patch: Partial<ClientFields>,
): PreparedClientFields {
  const pick = fieldPicker(base, patch);
  const firstName = requiredName(pick, 'firstName');
  const lastName = requiredName(pick, 'lastName');
  const { personalIdentityCode, dateOfBirth } = identityFields(pick, patch);
  const { languages, preferredLanguage } = languageFields(pick);
  return {
    firstName,
    lastName,
    dateOfBirth,
    personalIdentityCode,
    languages,
    preferredLanguage,
    interpreterNeeded: pick('interpreterNeeded', false) ?? false,
    phone: trimmed(pick('phone', null)),
    email: trimmed(pick('email', null))?.toLowerCase() ?? null,
    municipality: trimmed(pick('municipality', null)),
    gender: pick('gender', null) ?? null,
    needs: ((pick('needs', []) ?? []) as ClientNeedInput[]).map((need) => ({
      category: need.category,
      description: trimmed(need.description),
    })),
    background: mergeBackground(base?.background ?? EMPTY_BACKGROUND, patch.background),
    esf: mergeEsf(base?.esf ?? DEFAULT_CLIENT_ESF, patch.esf),
  };
}
