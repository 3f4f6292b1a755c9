// The Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit (mod 11, weights
// 7 9 10 5 8 4 2; remainder 0 gives 0, remainder 1 is never issued, otherwise 11 - remainder).

const FORMAT = /^(\d{7})-(\d)$/;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2];

export function businessIdCheckDigit(digits: string): number | null {
  const remainder = [...digits].reduce((sum, digit, i) => sum + Number(digit) * WEIGHTS[i], 0) % 11;
  if (remainder === 1) {
    return null;
  }
  return remainder === 0 ? 0 : 11 - remainder;
}

export function isValidBusinessId(value: unknown): value is string {
  if (typeof value !== 'string') {
    return false;
  }
  const match = FORMAT.exec(value);
  return match !== null && businessIdCheckDigit(match[1]) === Number(match[2]);
}
