import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../../api/client';
import { renderInPortal } from '../../../test/render';
import { ConsentForm, type ConsentPayload } from './ConsentForm';
import { IDS, initialValues, stepErrors, type Values } from './consent-values';

const KELA = {
  id: '11111111-1111-4111-8111-111111111111',
  name: { fi: 'Kela', sv: 'FPA', en: 'Kela' },
  acceptingReferrals: true,
};
const TE = {
  id: '22222222-2222-4222-8222-222222222222',
  name: { fi: 'Työllisyyspalvelut', sv: 'Sysselsättningstjänster', en: 'Employment services' },
  acceptingReferrals: true,
};

const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }));
const check = (label: string | RegExp) => fireEvent.click(screen.getByLabelText(label));

describe('ConsentForm', () => {
  it('will not leave a step with a required choice missing', async () => {
    const onSubmit = jest.fn();
    await renderInPortal(<ConsentForm organisations={[KELA, TE]} clientLanguage="ar" onSubmit={onSubmit} />);
    next();
    await screen.findByRole('heading', { name: /The form has 2 error/ });
    expect(screen.getAllByText('Recipient organisations: choose at least one.').length).toBeGreaterThan(0);
    expect(screen.getAllByText('Data categories: choose at least one.').length).toBeGreaterThan(0);
    expect(screen.getByRole('heading', { name: 'With whom and what' })).toBeTruthy();
  });

  it('refuses a validity date the calendar does not have instead of rolling it into March', () => {
    const values: Values = {
      ...initialValues({ clientLanguage: 'fi', recipients: [KELA.id], categories: ['identity'] }),
      method: 'signed_form',
    };
    const invalid = (validUntil: string) =>
      stepErrors(1, { ...values, validUntil }, (key) => key, '2026-12-05').map((error) => error.inputId);
    expect(invalid('30.2.2027')).toEqual([IDS.validUntil]);
    expect(invalid('28.2.2027')).toEqual([]);
  });

  it('refuses a validity that has passed or reaches five years, before asking the API', () => {
    const values: Values = {
      ...initialValues({ clientLanguage: 'fi', recipients: [KELA.id], categories: ['identity'] }),
      method: 'signed_form',
    };
    const said = (validUntil: string) =>
      stepErrors(1, { ...values, validUntil }, (key) => key, '2026-12-05').map((error) => error.text);
    expect(said('1.1.2020')).toEqual(['consentForm.required.validUntilPast']);
    expect(said('4.12.2026')).toEqual(['consentForm.required.validUntilPast']);
    expect(said('5.12.2026')).toEqual([]);
    expect(said('4.12.2031')).toEqual([]);
    expect(said('5.12.2031')).toEqual(['consentForm.required.validUntilTooFar']);
    expect(said('1.1.2040')).toEqual(['consentForm.required.validUntilTooFar']);
    // A refusal has no validity to check.
    expect(stepErrors(1, { ...values, decision: 'refused', validUntil: '1.1.2020' }, (key) => key)).toEqual(
      [],
    );
  });

  it('offers a year from today as the validity, written as the field asks (d.m.yyyy)', async () => {
    await renderInPortal(<ConsentForm organisations={[KELA, TE]} clientLanguage="ar" onSubmit={jest.fn()} />);
    check('Employment services');
    check('Identity');
    next();
    await screen.findByRole('heading', { name: 'How the consent was given' });
    const shown = screen.getByLabelText<HTMLInputElement>(/^Valid until/).value;
    expect(shown).toMatch(/^\d{1,2}\.\d{1,2}\.\d{4}$/);
    const [day, month, year] = shown.split('.').map(Number);
    const today = new Date();
    expect(year).toBe(
      Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Helsinki' }).format(today)) +
        1,
    );
    expect(day).toBeGreaterThanOrEqual(1);
    expect(month).toBeGreaterThanOrEqual(1);
  });

  it('marks health as special category data and records what was chosen', async () => {
    const payloads: ConsentPayload[] = [];
    const onSubmit = jest.fn((payload: ConsentPayload) => {
      payloads.push(payload);
      return Promise.resolve();
    });
    await renderInPortal(<ConsentForm organisations={[KELA, TE]} clientLanguage="ar" onSubmit={onSubmit} />);
    expect(screen.getByText(/special category data/)).toBeTruthy();
    check('Employment services');
    check('Identity');
    check(/^Health/);
    next();
    await screen.findByRole('heading', { name: 'How the consent was given' });
    check('Signed form');
    check('An interpreter was used');
    fireEvent.change(screen.getByLabelText(/^Valid until/), { target: { value: '31.12.2027' } });
    next();
    await screen.findByRole('heading', { name: 'Check and record' });
    fireEvent.click(screen.getByRole('button', { name: 'Record the consent' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(payloads[0]).toMatchObject({
      decision: 'given',
      recipientOrganisationIds: [TE.id],
      categories: ['identity', 'health'],
      purposes: ['referral'],
      method: 'signed_form',
      givenBy: 'client',
      noticeLanguage: 'ar',
      interpreterUsed: true,
    });
    // The end of that day in Helsinki (UTC+2 in winter).
    expect(payloads[0]?.validUntil).toBe('2027-12-31T21:59:59.000Z');
  });

  it('takes the user back to the step of a field the API refused, values kept', async () => {
    const onSubmit = jest.fn(() =>
      Promise.reject(
        new ApiError(
          400,
          'VALIDATION.FAILED',
          'bad',
          [{ field: 'recipientOrganisationIds', reasons: ['not on the platform'] }],
          'c',
        ),
      ),
    );
    await renderInPortal(<ConsentForm organisations={[KELA]} clientLanguage="fi" onSubmit={onSubmit} />);
    check('Kela');
    check('Contact details');
    next();
    await screen.findByRole('heading', { name: 'How the consent was given' });
    check('Verbally');
    next();
    fireEvent.click(await screen.findByRole('button', { name: 'Record the consent' }));
    await screen.findByRole('heading', { name: 'With whom and what' });
    expect(screen.getAllByText('Recipient organisations: not on the platform').length).toBeGreaterThan(0);
    expect(screen.getByLabelText<HTMLInputElement>('Kela').checked).toBe(true);
  });

  it("goes back a step with the browser's Back, keeping the choices, and keeps the link's own search", async () => {
    const { history } = await renderInPortal(
      <ConsentForm organisations={[KELA, TE]} clientLanguage="ar" onSubmit={jest.fn()} />,
      'en',
      `/?organisationId=${KELA.id}`,
    );
    check('Employment services');
    check('Identity');
    next();
    await screen.findByRole('heading', { name: 'How the consent was given' });
    const search = new URLSearchParams(history.location.search);
    expect([search.get('step'), search.get('organisationId')]).toEqual(['2', KELA.id]);

    await act(async () => {
      history.back();
      await Promise.resolve();
    });
    await screen.findByRole('heading', { name: 'With whom and what' });
    expect(screen.getByLabelText('Employment services')).toHaveProperty('checked', true);
    expect(screen.getByLabelText('Identity')).toHaveProperty('checked', true);
    await act(async () => {
      history.forward();
      await Promise.resolve();
    });
    await screen.findByRole('heading', { name: 'How the consent was given' });
  });

  it("goes back with its own Back as with the browser's, so that Forward returns", async () => {
    const { history } = await renderInPortal(
      <ConsentForm organisations={[KELA, TE]} clientLanguage="ar" onSubmit={jest.fn()} />,
      'en',
      '/',
    );
    check('Kela');
    check('Identity');
    next();
    await screen.findByRole('heading', { name: 'How the consent was given' });
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await screen.findByRole('heading', { name: 'With whom and what' });
    expect(new URLSearchParams(history.location.search).get('step')).toBeNull();

    await act(async () => {
      history.forward();
      await Promise.resolve();
    });
    await screen.findByRole('heading', { name: 'How the consent was given' });
    expect(new URLSearchParams(history.location.search).get('step')).toBe('2');
  });
});
