// The referral wizard against a mocked API: a possible duplicate is confirmed as what was asked
// (a draft stays a draft), and a consent gap links to the consent wizard in a new tab, so the
// referral written here is still here to send once the consent is recorded.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInPortal } from '../../../test/render';
import { mockFetch, type Call } from '../../../test/mock-fetch';
import { sessionAs, WithSession } from '../../../test/session';
import type { Client, Consent, DataCategory, DirectoryService, Referral } from '../../api/types';
import { ReferralWizard } from './ReferralWizard';

const MONI = '0b7e0c52-3f1e-4c6a-9d2b-0a1e5f3c9d01';
const EMPLOYMENT = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d02';
const SERVICE = '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
const CLIENT = '5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const REFERRAL = '3f6c1c0e-8a4e-4a51-9d55-6c1e0c3f0b11';

const client: Client = {
  id: CLIENT,
  firstName: 'Amina',
  lastName: 'Testinen',
  dateOfBirth: '1990-01-01',
  personalIdentityCodeMasked: null,
  preferredLanguage: null,
  municipality: null,
  erased: false,
  createdAt: '2026-01-01T00:00:00Z',
  personalIdentityCode: null,
  languages: [],
  interpreterNeeded: false,
  phone: null,
  email: null,
  gender: null,
  needs: [{ category: 'employment', description: null }],
};

const service: DirectoryService = {
  id: SERVICE,
  organisationId: EMPLOYMENT,
  name: { fi: 'Työnhaun tuki', sv: null, en: 'Job search support' },
  description: { fi: '', sv: null, en: '' },
  needs: ['employment'],
  languages: ['fi'],
  interpretationAvailable: false,
  organisation: {
    id: EMPLOYMENT,
    name: { fi: 'Työllisyyspalvelut', sv: null, en: 'Employment services' },
    acceptingReferrals: true,
    responseDays: 5,
  },
};

const consentCovering = (categories: DataCategory[]): Consent => ({
  id: 'c0a5e17a-0000-4000-8000-000000000001',
  clientId: CLIENT,
  version: 1,
  status: 'active',
  recipientOrganisationIds: [EMPLOYMENT],
  categories,
  purposes: ['referral'],
  method: 'signed_form',
  givenBy: 'client',
  noticeVersion: '1',
  noticeLanguage: 'fi',
  interpreterUsed: false,
  givenAt: '2026-01-01T00:00:00Z',
  validUntil: null,
  withdrawnAt: null,
  withdrawalMethod: null,
  withdrawalNote: null,
});

const session = sessionAs('advisor', MONI);

const NEW_TAB_LINK = 'Record a consent for this client (opens in a new tab)';

/** The API: the directory, the client's consents, and POST /referrals answered in turn by `posts`. */
function api(consents: Consent[], posts: { status: number; body: unknown }[]): Call[] {
  return mockFetch((call) => {
    if (call.url.startsWith('/api/v1/directory/services')) {
      return { status: 200, body: { items: [service], nextCursor: null } };
    }
    if (call.url === `/api/v1/clients/${CLIENT}/consents`) {
      return { status: 200, body: { items: consents } };
    }
    if (call.method === 'POST' && call.url === '/api/v1/referrals') {
      return posts.shift() ?? { status: 500, body: {} };
    }
    return { status: 404, body: {} };
  });
}

const referralPosts = (calls: Call[]) =>
  calls.filter((call) => call.method === 'POST' && call.url === '/api/v1/referrals');
const consentReads = (calls: Call[]) =>
  calls.filter((call) => call.url === `/api/v1/clients/${CLIENT}/consents`).length;

async function renderWizard(onDone = jest.fn(), path = '/') {
  const { history } = await renderInPortal(
    <WithSession session={session}>
      <ReferralWizard client={client} onDone={onDone} />
    </WithSession>,
    'en',
    path,
  );
  return Object.assign(onDone, { history });
}

const press = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

/** Need (the client's first, preselected) → the service → the categories step. */
async function toCategories() {
  press('Next');
  fireEvent.click(await screen.findByRole('radio', { name: 'Job search support' }));
  press('Next');
  await screen.findByRole('heading', { name: 'Shared data' });
}

/** From the categories step to the review, with a reason. */
async function toReview() {
  press('Next');
  fireEvent.change(await screen.findByRole('textbox', { name: /^Reason for the referral/ }), {
    target: { value: 'Looking for work' },
  });
  press('Next');
  await screen.findByRole('heading', { name: 'Check and send' });
}

const referral = { id: REFERRAL } as Referral;
const duplicate = {
  status: 409,
  body: {
    code: 'REFERRAL.POSSIBLE_DUPLICATE',
    message: 'x',
    details: { referralId: REFERRAL, status: 'requested' },
  },
};
const gap = {
  status: 422,
  body: {
    code: 'CONSENT.NOT_COVERED',
    message: 'x',
    details: { reason: 'CATEGORIES_NOT_COVERED', missingCategories: ['health'] },
  },
};

describe('referral wizard', () => {
  afterEach(() => jest.restoreAllMocks());

  it('confirms a possible duplicate of a draft by saving the draft, never by sending it', async () => {
    const calls = api([consentCovering(['identity'])], [duplicate, { status: 201, body: referral }]);
    const onDone = await renderWizard();
    await toCategories();
    await toReview();

    press('Save as a draft');
    const warning = await screen.findByText(/already has an open referral/);
    expect(screen.queryByRole('button', { name: 'Send anyway' })).toBeNull();
    fireEvent.click(
      within(warning.parentElement as HTMLElement).getByRole('button', { name: 'Save the draft anyway' }),
    );

    await waitFor(() => expect(onDone).toHaveBeenCalledWith(referral, false));
    const [asked, confirmed] = referralPosts(calls);
    expect(asked.body).toMatchObject({ send: false });
    expect(confirmed.body).toMatchObject({ send: false, confirmDuplicate: true });
  });

  it('confirms a possible duplicate of a send by sending', async () => {
    const calls = api([consentCovering(['identity'])], [duplicate, { status: 201, body: referral }]);
    const onDone = await renderWizard();
    await toCategories();
    await toReview();

    press('Send the referral');
    await screen.findByRole('button', { name: 'Send anyway' });
    await waitFor(() => expect(document.activeElement?.textContent).toMatch(/already has an open referral/));
    fireEvent.click(screen.getByRole('button', { name: 'Send anyway' }));

    await waitFor(() => expect(onDone).toHaveBeenCalledWith(referral, true));
    expect(referralPosts(calls)[1].body).toMatchObject({ send: true, confirmDuplicate: true });
  });

  it('offers the consent wizard in a new tab where the categories step names a gap', async () => {
    api([consentCovering(['identity'])], []);
    await renderWizard();
    await toCategories();
    expect(screen.queryByRole('link', { name: NEW_TAB_LINK })).toBeNull();

    fireEvent.click(screen.getByRole('checkbox', { name: /^Health/ }));
    const link = screen.getByRole('link', { name: NEW_TAB_LINK });
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener');
    const href = new URL(link.getAttribute('href') ?? '', 'http://portal');
    expect(href.pathname).toBe(`/clients/${CLIENT}/consents/new`);
    expect(href.searchParams.get('organisationId')).toBe(EMPLOYMENT);
    expect(href.searchParams.get('categories')).toBe('identity,health');
  });

  it('takes the consent gap away once the categories that caused it are changed', async () => {
    api([consentCovering(['identity'])], [gap]);
    await renderWizard();
    await toCategories();
    fireEvent.click(screen.getByRole('checkbox', { name: /^Health/ }));
    await toReview();
    press('Send the referral');
    await screen.findByRole('alert');
    expect(document.querySelector('[data-consent-gap]')).not.toBeNull();
    await waitFor(() =>
      expect(document.activeElement?.textContent).toBe("The client's consent does not cover this referral"),
    );

    press('Back');
    await screen.findByRole('heading', { name: 'Reason and urgency' });
    press('Back');
    await screen.findByRole('heading', { name: 'Shared data' });
    expect(document.querySelector('[data-consent-gap]')).not.toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: /^Health/ }));
    expect(document.querySelector('[data-consent-gap]')).toBeNull();
    press('Next');
    await screen.findByRole('heading', { name: 'Reason and urgency' });
    press('Next');
    await screen.findByRole('heading', { name: 'Check and send' });
    expect(document.querySelector('[data-consent-gap]')).toBeNull();
  });

  it('keeps the referral after a consent gap, reads the consents again on coming back, and sends', async () => {
    const calls = api([consentCovering(['identity'])], [gap, { status: 201, body: referral }]);
    const onDone = await renderWizard();
    await toCategories();
    fireEvent.click(screen.getByRole('checkbox', { name: /^Health/ }));
    await toReview();

    press('Send the referral');
    const box = await screen.findByRole('alert');
    const link = within(box).getByRole('link', { name: NEW_TAB_LINK });
    expect(link.getAttribute('target')).toBe('_blank');
    expect(screen.getByText('Looking for work')).toBeTruthy();

    // Back from the tab where the consent was recorded: the consents are read again at once.
    const before = consentReads(calls);
    await act(async () => {
      window.dispatchEvent(new Event('focus'));
      await Promise.resolve();
    });
    await waitFor(() => expect(consentReads(calls)).toBeGreaterThan(before));

    press('Send the referral');
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(referral, true));
    expect(referralPosts(calls)[1].body).toMatchObject({ send: true, categories: ['identity', 'health'] });
  });

  describe('steps in the address', () => {
    const stepInAddress = (history: { location: { search: string } }) =>
      new URLSearchParams(history.location.search).get('step');
    const browser = async (move: () => void) => {
      await act(async () => {
        move();
        await Promise.resolve();
      });
    };

    it("moves between the steps with the browser's Back and Forward, keeping what was written", async () => {
      const calls = api([consentCovering(['identity'])], [{ status: 201, body: referral }]);
      const onDone = await renderWizard();
      const { history } = onDone;
      await toCategories();
      expect(stepInAddress(history)).toBe('3');
      await toReview();
      expect(stepInAddress(history)).toBe('5');

      await browser(() => history.back());
      await screen.findByRole('heading', { name: 'Reason and urgency' });
      expect(screen.getByRole('textbox', { name: /^Reason for the referral/ })).toHaveProperty(
        'value',
        'Looking for work',
      );
      await browser(() => history.back());
      await screen.findByRole('heading', { name: 'Shared data' });
      expect(screen.getByRole('checkbox', { name: /^Identity/ })).toHaveProperty('checked', true);

      await browser(() => history.forward());
      await browser(() => history.forward());
      await screen.findByRole('heading', { name: 'Check and send' });
      press('Send the referral');
      await waitFor(() => expect(onDone).toHaveBeenCalledWith(referral, true));
      expect(referralPosts(calls)[0].body).toMatchObject({
        reason: 'Looking for work',
        categories: ['identity'],
      });
    });

    it("goes back with its own Back as with the browser's, so that Forward returns", async () => {
      api([consentCovering(['identity'])], []);
      const { history } = await renderWizard();
      await toCategories();
      press('Back');
      await screen.findByRole('heading', { name: 'Service' });
      expect(stepInAddress(history)).toBe('2');

      await browser(() => history.forward());
      await screen.findByRole('heading', { name: 'Shared data' });
      expect(stepInAddress(history)).toBe('3');
      expect(screen.getByRole('checkbox', { name: /^Identity/ })).toHaveProperty('checked', true);
    });

    it('moves focus to the heading of the step it shows', async () => {
      api([consentCovering(['identity'])], []);
      const { history } = await renderWizard();
      await toCategories();
      await waitFor(() => expect(document.activeElement?.textContent).toBe('Shared data'));
      await browser(() => history.back());
      await waitFor(() => expect(document.activeElement?.textContent).toBe('Service'));
    });

    it('opens at the first step when the address names a step not reached in this visit', async () => {
      api([consentCovering(['identity'])], []);
      const { history } = await renderWizard(jest.fn(), '/?step=5');
      await screen.findByRole('heading', { name: 'Need' });
      await waitFor(() => expect(stepInAddress(history)).toBeNull());
      expect(screen.queryByRole('button', { name: 'Send the referral' })).toBeNull();
    });

    it('stops Forward at a step whose values changed, until Next checks them again', async () => {
      api([consentCovering(['identity'])], []);
      const { history } = await renderWizard();
      await toCategories();
      await toReview();
      await browser(() => history.back());
      await browser(() => history.back());
      await screen.findByRole('heading', { name: 'Shared data' });
      fireEvent.click(screen.getByRole('checkbox', { name: /^Identity/ }));

      await browser(() => history.forward());
      await screen.findByRole('heading', { name: 'Shared data' });
      await waitFor(() => expect(stepInAddress(history)).toBe('3'));
      press('Next');
      await screen.findByRole('heading', { name: /The form has 1 error/ });
      expect(screen.getByRole('heading', { name: 'Shared data' })).toBeTruthy();
    });
  });
});
