// The Finnish personal identity code (henkilötunnus): DDMMYY, a century sign, an individual number
// and a check character. Since 2023 the 1900s also take Y X W V U and the 2000s B C D E F
// (Government Decree 128/2010 as amended), so that the codes do not run out.

const CENTURY_SIGNS: Readonly<Record<string, number>> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

export type IdentityCodeProblem =
  'format' | 'century_sign' | 'date' | 'individual_number' | 'check_character';

export type IdentityCodeResult =
  | { valid: true; code: string; dateOfBirth: string }
  | { valid: false; problem: IdentityCodeProblem; message: string };

const MESSAGES: Record<IdentityCodeProblem, string> = {
  format: 'personalIdentityCode must be DDMMYY, a century sign, three digits and a check character',
  century_sign: 'personalIdentityCode has an unknown century sign (+, -, Y, X, W, V, U, A, B, C, D, E, F)',
  date: 'personalIdentityCode holds a date of birth that does not exist or is in the future',
  individual_number: 'personalIdentityCode has an individual number outside 002–999',
  check_character: 'personalIdentityCode has a wrong check character',
};

const invalid = (problem: IdentityCodeProblem): IdentityCodeResult => ({
  valid: false,
  problem,
  message: MESSAGES[problem],
});

/** Validates a code (case-insensitive, surrounding spaces ignored) and gives its normal form and date of birth. */
export function parsePersonalIdentityCode(input: unknown, today: Date = new Date()): IdentityCodeResult {
  if (typeof input !== 'string') {
    return invalid('format');
  }
  const code = input.trim().toUpperCase();
  const match = /^(\d{2})(\d{2})(\d{2})(.)(\d{3})([0-9A-Z])$/.exec(code);
  if (!match) {
    return invalid('format');
  }
  const [, dd, mm, yy, sign, individual, check] = match;
  const century = CENTURY_SIGNS[sign];
  if (century === undefined) {
    return invalid('century_sign');
  }
  const year = century + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return invalid('date');
  }
  if (date.getTime() > today.getTime()) {
    return invalid('date');
  }
  if (Number(individual) < 2) {
    return invalid('individual_number');
  }
  if (CHECK_CHARACTERS[Number(`${dd}${mm}${yy}${individual}`) % 31] !== check) {
    return invalid('check_character');
  }
  return { valid: true, code, dateOfBirth: date.toISOString().slice(0, 10) };
}

/** What lists show: the date part and the century sign, never the individual number (`010190-****`). */
export function maskPersonalIdentityCode(code: string): string {
  return `${code.slice(0, 7)}****`;
}

/** The check character for the first ten characters (for test data). */
export function identityCodeCheckCharacter(firstTen: string): string {
  return CHECK_CHARACTERS[Number(`${firstTen.slice(0, 6)}${firstTen.slice(7, 10)}`) % 31];
}
