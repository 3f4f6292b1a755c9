import { renderInPortal, screen } from '../../test/render';
import { FormErrorSummary } from './FormErrors';

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
