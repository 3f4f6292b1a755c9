// The client page and the consent wizard of an erased client: nothing new can be recorded for it
// (the API refuses), so the page says so instead of offering the consent and referral wizards.
import { mockFetch } from '../../../test/mock-fetch';
import { renderPage, screen } from '../../../test/render';
import { sessionAs } from '../../../test/session';
import type { Client } from '../../api/types';
import { Route as ConsentWizardRoute } from '../consent/wizard-route';
import { Route as NewReferralRoute } from '../referral-new/route';
import { Route as ClientRoute } from './route';

const MONI = '0b7e0c52-3f1e-4c6a-9d2b-0a1e5f3c9d01';
const CLIENT = '5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const advisor = sessionAs('advisor', MONI);

function clientOf(erased: boolean): Client {
  return {
    id: CLIENT,
    firstName: erased ? null : 'Amina',
    lastName: erased ? null : 'Testinen',
    dateOfBirth: null,
    personalIdentityCodeMasked: null,
    preferredLanguage: erased ? null : 'fi',
    municipality: null,
    erased,
    createdAt: '2026-12-01T08:00:00Z',
    personalIdentityCode: null,
    languages: [],
    interpreterNeeded: false,
    phone: null,
    email: null,
    gender: null,
    needs: [],
  };
}

/** The client as asked; every list (consents, referrals, contacts, the directory) empty. */
function answer(erased: boolean) {
  mockFetch((call) =>
    call.url === `/api/v1/clients/${CLIENT}`
      ? { status: 200, body: clientOf(erased) }
      : { status: 200, body: { items: [], nextCursor: null, counts: {} } },
  );
}

describe('an erased client', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each([false, true])(
    'offers the consent and referral wizards only while not erased (erased: %s)',
    async (erased) => {
      answer(erased);
      await renderPage({
        pattern: '/clients/$clientId',
        path: `/clients/${CLIENT}`,
        component: ClientRoute.options.component,
        session: advisor,
      });
      await screen.findByRole('heading', { level: 1, name: erased ? '(erased client)' : 'Amina Testinen' });
      expect(screen.queryByRole('link', { name: 'Record a consent' }) === null).toBe(erased);
      expect(screen.queryByRole('link', { name: 'Make a referral' }) === null).toBe(erased);
      expect(screen.queryByText(/data has been erased: no new consents or referrals/) !== null).toBe(erased);
    },
  );

  it('is not offered the consent form when its address is opened', async () => {
    answer(true);
    await renderPage({
      pattern: '/clients/$clientId/consents/new',
      path: `/clients/${CLIENT}/consents/new`,
      component: ConsentWizardRoute.options.component,
      session: advisor,
    });
    expect(await screen.findByText(/data has been erased: no new consents or referrals/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Next' })).toBeNull();
    expect(screen.getByText(/\(erased client\)/)).toBeTruthy();
  });

  it('is not offered the referral wizard when its address is opened', async () => {
    answer(true);
    await renderPage({
      pattern: '/referrals/new',
      path: `/referrals/new?clientId=${CLIENT}`,
      component: NewReferralRoute.options.component,
      session: advisor,
    });
    expect(await screen.findByText(/data has been erased: no new consents or referrals/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Next' })).toBeNull();
  });
});
