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

  it('merges the background key by key: a missing key keeps, null clears, null for the whole clears all', () => {
    const existing = prepareClientFields(null, {
      ...base,
      background: { education: ' Nurse ', residenceStatus: 'asylum_seeker' },
    });
    expect(existing.background).toEqual({
      education: 'Nurse',
      workHistory: null,
      residenceStatus: 'asylum_seeker',
      residenceStatusNote: null,
    });
    expect(prepareClientFields(existing, { phone: '+358 40 1' }).background).toEqual(existing.background);
    expect(
      prepareClientFields(existing, { background: { residenceStatus: null, workHistory: 'Cook' } })
        .background,
    ).toEqual({ education: 'Nurse', workHistory: 'Cook', residenceStatus: null, residenceStatusNote: null });
    expect(prepareClientFields(existing, { background: null }).background).toEqual({
      education: null,
      workHistory: null,
      residenceStatus: null,
      residenceStatusNote: null,
    });
  });
});
