// The API's reasons for refusing a field, said in the interface's language (FormErrors.tsx).
// No React here, so that a unit test can check them against the contracts' own messages.
import type { TFunction } from 'i18next';

/**
 * The API's reasons are English sentences ("email must be an email"): class-validator's usual ones
 * and the project's own, recognised here, are said in the interface's language; any other stays as
 * the API wrote it.
 */
const REASONS: ReadonlyArray<[RegExp, string]> = [
  [/ should not be empty$/, 'required'],
  [/ must be an email$/, 'email'],
  [/ must be an integer number$/, 'integer'],
  [/ must not be greater than (?<max>\d+)$/, 'max'],
  [/ must not be less than (?<min>\d+)$/, 'min'],
  [/ must be shorter than or equal to (?<max>\d+) characters$/, 'maxLength'],
  [/ must be longer than or equal to (?<min>\d+) characters$/, 'minLength'],
  [/ must be one of the following values: /, 'oneOf'],
  [/ must be a valid ISO 8601 date string$/, 'date'],
  [/ must contain at least (?<min>\d+) elements$/, 'minItems'],
  [/ must be a UUID$/, 'uuid'],
  [/ must be a Finnish business ID/, 'businessId'],
  // The project's own checks (libs/contracts, the services' field errors).
  [
    / must be an existing date YYYY-MM-DD, not in the future and at most (?<days>\d+) days back$/,
    'recentDate',
  ],
  [/ must be an existing date YYYY-MM-DD, not in the future$/, 'pastDate'],
  [/ must be an existing date( YYYY-MM-DD)?$/, 'existingDate'],
  [/ must be a phone number /, 'phone'],
  [/^personalIdentityCode must be DDMMYY/, 'idFormat'],
  [/^personalIdentityCode has an unknown century sign/, 'idCentury'],
  [/^personalIdentityCode holds a date of birth /, 'idDate'],
  [/^personalIdentityCode has an individual number /, 'idIndividual'],
  [/^personalIdentityCode has a wrong check character$/, 'idCheck'],
  [/ does not match the date in personalIdentityCode$/, 'dobMismatch'],
  [/ must be in the future$/, 'future'],
  [/ must be within (?<years>\d+) years$/, 'withinYears'],
  [/ must be a Finnish postal code /, 'postalCode'],
  [/ must be a 3-digit municipality code/, 'municipality'],
  [/ is already registered$/, 'alreadyRegistered'],
  [/ is already a member$/, 'alreadyMember'],
  [/ is your own$/, 'ownEmail'],
  [/^preferredLanguage must be one of languages$/, 'clientLanguage'],
  [/ must name each category once$/, 'uniqueCategories'],
];

export function reasonInWords(reason: string, t: TFunction): string {
  for (const [pattern, key] of REASONS) {
    const match = pattern.exec(reason);
    if (match) {
      return t(`errors.reason.${key}`, { ...match.groups });
    }
  }
  return reason;
}

/** A field's reasons in words, each once. */
export function reasonsInWords(reasons: string[], t: TFunction): string {
  return [...new Set(reasons.map((reason) => reasonInWords(reason, t)))].join('; ');
}
