import { renderInPortal, screen } from '../../test/render';
import i18next from 'i18next';
import { ApiError } from '../api/client';
import { apiFormErrors, FormErrorSummary } from './FormErrors';

const errors = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ inputId: `field-${i}`, text: `Field ${i}: wrong` }));

describe('FormErrorSummary', () => {
  it.each([
    ['en', 1, 'The form has 1 error'],
    ['en', 3, 'The form has 3 errors'],
    ['fi', 1, 'Lomakkeessa on virheitä: 1'],
    ['sv', 2, 'Formuläret har fel: 2'],
  ] as const)('counts the errors in words of %s (%i)', async (language, n, heading) => {
    await renderInPortal(<FormErrorSummary errors={errors(n)} />, language);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(heading);
  });
});

describe('apiFormErrors', () => {
  const refusal = (reasons: string[]) =>
    new ApiError(400, 'VALIDATION.FAILED', 'invalid', [{ field: 'responseDays', reasons }], 'corr-1');

  it.each([
    ['fi', ['email must be an email'], 'ei ole sähköpostiosoite'],
    ['sv', ['fi should not be empty'], 'är obligatoriskt'],
    [
      'en',
      ['reasonText must be shorter than or equal to 2000 characters'],
      'must be at most 2000 characters',
    ],
    [
      'fi',
      ['responseDays must be a phone number (digits, spaces, +, -, parentheses)'],
      'on oltava puhelinnumero',
    ],
    ['sv', ['responseDays must be within 5 years'], 'får vara högst 5 år framåt'],
    [
      'fi',
      [
        'responseDays must not be greater than 60',
        'responseDays must not be less than 1',
        'responseDays must be an integer number',
      ],
      'saa olla enintään 60; on oltava vähintään 1; on oltava kokonaisluku',
    ],
  ] as const)(
    'says the API’s usual reasons in the interface language (%s)',
    async (language, reasons, text) => {
      await renderInPortal(<p />, language);
      const [error] = apiFormErrors(refusal([...reasons]), i18next.t, { responseDays: 'days' });
      expect(error?.inputId).toBe('days');
      expect(error?.text).toContain(`: ${text}`);
      expect(error?.text).not.toContain(reasons[0]);
    },
  );

  it('keeps a reason it does not know as the API wrote it', async () => {
    await renderInPortal(<p />, 'fi');
    const [error] = apiFormErrors(refusal(['responseDays must be a prime number']), i18next.t, {
      responseDays: 'days',
    });
    expect(error?.text).toContain('responseDays must be a prime number');
  });
});
