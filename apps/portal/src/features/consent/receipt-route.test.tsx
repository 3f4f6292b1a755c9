// A consent's page says what happened to it: a refusal is "refused" on its date, not "given", and a
// withdrawal shows how it was made and its note.
import { fireEvent, waitFor } from '@testing-library/react';
import { mockFetch } from '../../../test/mock-fetch';
import { renderPage, screen } from '../../../test/render';
import { sessionAs } from '../../../test/session';
import type { Consent } from '../../api/types';
import { Route as ConsentRoute } from './receipt-route';

const MONI = '0b7e0c52-3f1e-4c6a-9d2b-0a1e5f3c9d01';
const KELA = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d03';
const CLIENT = '5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const CONSENT = 'c0a5e17a-0000-4000-8000-000000000001';

const advisor = sessionAs('advisor', MONI);

const consent = (changes: Partial<Consent>): Consent => ({
  id: CONSENT,
  clientId: CLIENT,
  version: 1,
  status: 'active',
  recipientOrganisationIds: [KELA],
  categories: ['identity'],
  purposes: ['referral'],
  method: 'signed_form',
  givenBy: 'client',
  noticeVersion: '2026-1',
  noticeLanguage: 'fi',
  interpreterUsed: false,
  givenAt: '2026-12-01T08:00:00Z',
  validUntil: '2027-11-30T21:59:59Z',
  withdrawnAt: null,
  withdrawalMethod: null,
  withdrawalNote: null,
  ...changes,
});

async function showConsent(shown: Consent) {
  mockFetch((call) =>
    call.url.startsWith(`/api/v1/clients/${CLIENT}/consents`)
      ? { status: 200, body: { items: [shown] } }
      : { status: 200, body: { items: [], nextCursor: null } },
  );
  await renderPage({
    pattern: '/clients/$clientId/consents/$consentId',
    path: `/clients/${CLIENT}/consents/${CONSENT}`,
    component: ConsentRoute.options.component,
    session: advisor,
  });
  await screen.findByText('Status');
}

const valueOf = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;

describe('a consent’s page', () => {
  afterEach(() => jest.restoreAllMocks());

  it('dates a refusal as refused, not given', async () => {
    await showConsent(consent({ status: 'refused', validUntil: null }));
    expect(valueOf('Refused')).toContain('2026');
    expect(screen.queryByText('Given', { selector: 'dt' })).toBeNull();
    expect(valueOf('Refused by')).toBe('The client');
    expect(valueOf('How it was refused')).toBeTruthy();
    expect(screen.queryByText(/^(Given by|How it was given)$/, { selector: 'dt' })).toBeNull();
  });

  it('heads a refusal as a refusal and says its receipt records that nothing is shared', async () => {
    await showConsent(consent({ status: 'refused', validUntil: null }));
    expect(screen.getByRole('heading', { name: 'What the refusal concerns' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'What the consent covers' })).toBeNull();
    expect(
      screen.getByText(/it records that they refused consent and that none of their information is shared/),
    ).toBeTruthy();
    expect(screen.queryByText(/what is shared with whom/)).toBeNull();
  });

  it('says what a withdrawn consent covered, not what it covers or how to withdraw it', async () => {
    await showConsent(consent({ status: 'withdrawn', withdrawnAt: '2026-12-03T10:00:00Z' }));
    expect(screen.getByRole('heading', { name: 'What the consent covered' })).toBeTruthy();
    expect(
      screen.getByText(/it lists what the consent covered and that nothing more is shared/),
    ).toBeTruthy();
    expect(screen.queryByText(/how to withdraw/)).toBeNull();
  });

  it('keeps what a consent in force covers and its receipt’s help as they were', async () => {
    await showConsent(consent({}));
    expect(screen.getByRole('heading', { name: 'What the consent covers' })).toBeTruthy();
    expect(
      screen.getByText(
        'Give the client the receipt in their language: it lists what is shared with whom and how to withdraw.',
      ),
    ).toBeTruthy();
  });

  it('shows how a withdrawal was made and its note', async () => {
    await showConsent(
      consent({
        status: 'withdrawn',
        withdrawnAt: '2026-12-03T10:00:00Z',
        withdrawalMethod: 'verbal',
        withdrawalNote: 'Asked by phone',
      }),
    );
    expect(valueOf('Given')).toContain('2026');
    expect(valueOf('How it was withdrawn')).toBe('Verbally');
    expect(valueOf('Note on the withdrawal')).toBe('Asked by phone');
  });

  it('keeps the keyboard in the withdrawal form it opens (the button that opened it is gone)', async () => {
    await showConsent(consent({}));
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw the consent' }));
    const heading = await screen.findByRole('heading', { name: 'Withdraw the consent' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
  });
});
