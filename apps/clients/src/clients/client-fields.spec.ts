import { AppError } from '#contracts';
import { prepareClientFields } from './client-fields.js';

const base = { firstName: 'Amina', lastName: 'Hassan' };

describe(prepareClientFields.name, () => {
  it('derives the date of birth from the identity code and normalises the code', () => {
    const fields = prepareClientFields(null, { ...base, personalIdentityCode: '131052-308t' });
    expect(fields).toMatchObject({ personalIdentityCode: '131052-308T', dateOfBirth: '1952-10-13' });
  });

  it('refuses a date of birth that contradicts the identity code, naming dateOfBirth', () => {
    const attempt = () =>
      prepareClientFields(null, { ...base, personalIdentityCode: '131052-308T', dateOfBirth: '1952-10-14' });
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (error) {
      expect((error as AppError).details).toEqual([{ field: 'dateOfBirth', reasons: [expect.any(String)] }]);
    }
  });

  it('takes the preferred language as the only language when none are listed', () => {
    expect(prepareClientFields(null, { ...base, preferredLanguage: 'ar' }).languages).toEqual(['ar']);
    expect(() => prepareClientFields(null, { ...base, languages: ['fi'], preferredLanguage: 'ar' })).toThrow(
      AppError,
    );
  });

  it('keeps what an update does not mention and clears what it sets to null', () => {
    const existing = prepareClientFields(null, {
      ...base,
      phone: '+358 40 123 4567',
      personalIdentityCode: '131052-308T',
    });
    const updated = prepareClientFields(existing, { phone: null, lastName: 'Hassan-Ali' });
    expect(updated).toMatchObject({
      firstName: 'Amina',
      lastName: 'Hassan-Ali',
      phone: null,
      dateOfBirth: '1952-10-13',
    });
  });

  it('refuses an emptied name', () => {
    expect(() => prepareClientFields(prepareClientFields(null, base), { firstName: '  ' })).toThrow(AppError);
  });
});
