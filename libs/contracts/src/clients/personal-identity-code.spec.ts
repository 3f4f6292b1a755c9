import {
  identityCodeCheckCharacter,
  maskPersonalIdentityCode,
  parsePersonalIdentityCode,
} from './personal-identity-code.js';

const today = new Date('2026-06-01T00:00:00Z');

describe(parsePersonalIdentityCode.name, () => {
  it.each([
    ['131052-308T', '1952-10-13'],
    ['010594Y9021', '1994-05-01'],
    ['020594X903P', '1994-05-02'],
    ['020594W903P', '1994-05-02'],
    ['020594V903P', '1994-05-02'],
    ['020594U903P', '1994-05-02'],
    ['010516B903X', '2016-05-01'],
    ['010516C903X', '2016-05-01'],
    ['010516D903X', '2016-05-01'],
    ['010516E903X', '2016-05-01'],
    ['010516F903X', '2016-05-01'],
    ['010516A903X', '2016-05-01'],
    ['010594-9021', '1994-05-01'],
    ['290200A901C', '2000-02-29'],
  ])('accepts %s (born %s), every century sign of 2023 included', (code, dateOfBirth) => {
    expect(parsePersonalIdentityCode(code, today)).toEqual({ valid: true, code, dateOfBirth });
  });

  it('accepts the 1800s sign', () => {
    const firstTen = '010185+123';
    const code = `${firstTen}${identityCodeCheckCharacter(firstTen)}`;
    expect(parsePersonalIdentityCode(code, today)).toMatchObject({ valid: true, dateOfBirth: '1885-01-01' });
  });

  it('normalises lower case and spaces', () => {
    expect(parsePersonalIdentityCode(' 131052-308t ', today)).toMatchObject({
      valid: true,
      code: '131052-308T',
    });
  });

  it.each([
    ['131052-308U', 'check_character'],
    ['131052-309T', 'check_character'],
    ['131052Z308T', 'century_sign'],
    ['131052G308T', 'century_sign'],
    ['131052*308T', 'century_sign'],
    ['301352-308T', 'date'],
    ['290201A9012', 'date'],
    ['010130A902K', 'date'],
    ['131052-001T', 'individual_number'],
    ['131052-308', 'format'],
    ['13105-2308T', 'format'],
    ['', 'format'],
  ])('refuses %s (%s)', (code, problem) => {
    expect(parsePersonalIdentityCode(code, today)).toMatchObject({ valid: false, problem });
  });

  it('refuses what is not a string', () => {
    expect(parsePersonalIdentityCode(131052308, today)).toMatchObject({ valid: false, problem: 'format' });
  });

  it('masks the individual number and check character', () => {
    expect(maskPersonalIdentityCode('010190-123A')).toBe('010190-****');
  });
});
