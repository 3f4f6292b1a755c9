import { businessIdCheckDigit, isValidBusinessId } from './business-id.js';

describe(isValidBusinessId.name, () => {
  it.each(['0204819-8', '0246246-0', '0216880-0', '2245011-7', '0208710-3', '1572860-0'])(
    'accepts %s, whose check digit matches',
    (id) => {
      expect(isValidBusinessId(id)).toBe(true);
    },
  );

  it.each([
    ['a wrong check digit', '0204819-7'],
    ['six digits', '204819-8'],
    ['no hyphen', '02048198'],
    ['spaces', ' 0204819-8'],
    ['letters', 'ABCDEFG-1'],
    ['a remainder of 1, never issued', '0000006-0'],
    ['an empty string', ''],
  ])('refuses %s', (_label, id) => {
    expect(isValidBusinessId(id)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isValidBusinessId(2048198)).toBe(false);
    expect(isValidBusinessId(null)).toBe(false);
  });
});

describe(businessIdCheckDigit.name, () => {
  it('gives 0 for remainder 0, null for remainder 1 and 11 - remainder otherwise', () => {
    expect(businessIdCheckDigit('0246246')).toBe(0);
    expect(businessIdCheckDigit('0000006')).toBeNull();
    expect(businessIdCheckDigit('0204819')).toBe(8);
  });
});
