// The referral page (/referrals/:id) as each side sees it: the link into the client's page is the
// sending side's; the receiving partner, who has no access there, gets the shared data instead.
import { focusManager } from '@tanstack/react-query';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { mockFetch, type Answer } from '../../../test/mock-fetch';
import { renderPage } from '../../../test/render';
import { sessionAs } from '../../../test/session';
import type { Role, Session } from '../../api/types';
import type { ReferralDetail } from '../referral-receiver/queries';
import { Route as ReferralRoute } from './route';
import { JOB_SEARCH_SERVICE, servicesOfEmployment } from '../../../test/services-fixture';

const MONI = '0b7e0c52-3f1e-4c6a-9d2b-0a1e5f3c9d01';
const EMPLOYMENT = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d02';
const REFERRAL = '3f6c1c0e-8a4e-4a51-9d55-6c1e0c3f0b11';
const CLIENT = '5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const SERVICE = JOB_SEARCH_SERVICE;

const referral: ReferralDetail = {
  id: REFERRAL,
  kind: 'platform',
  status: 'received',
  version: 3,
  clientId: CLIENT,
  need: 'employment',
  urgency: 'routine',
  serviceId: null,
  sendingOrganisation: { id: MONI, name: { fi: 'MONI', sv: null, en: 'MONI' } },
  receivingOrganisation: { id: EMPLOYMENT, name: { fi: 'TE', sv: null, en: 'Employment services' } },
  createdAt: '2026-12-01T08:00:00Z',
  sentAt: '2026-12-01T08:00:00Z',
  dueAt: '2026-12-04T22:00:00Z',
  overdue: false,
  closedAt: null,
  sender: { id: 'user-1', username: 'advisor' },
  reason: 'Looking for work',
  language: null,
  interpreterNeeded: false,
  categories: ['identity'],
  consentId: null,
  sharedDataRedacted: false,
  reasonCode: null,
  reasonText: null,
  outcomeCode: null,
  history: [],
  sharedData: { identity: { firstName: 'Amina', lastName: 'Testinen' } },
};

const sessionOf = (organisationId: string, role: Role): Session => sessionAs(role, organisationId);

/** A promise and the function that resolves it. */
function held<T>(): { promise: Promise<T>; release(value: T): void } {
  let release: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

const referralUrl = (url: string) =>
  url === `/api/v1/referrals/${REFERRAL}` || url.startsWith(`/api/v1/referrals/${REFERRAL}?`);
const emptyPage: Answer = { status: 200, body: { items: [], nextCursor: null } };

const renderAt = (session: Session, language: 'fi' | 'sv' | 'en' = 'en') =>
  renderPage({
    pattern: '/referrals/$referralId',
    path: `/referrals/${REFERRAL}`,
    component: ReferralRoute.options.component,
    session,
    language,
  });

/** The page under its real path, so that its params come from the URL as in the portal. */
async function renderReferralPage(
  session: Session,
  changes: Partial<ReferralDetail> = {},
  answer: { status: number; body: unknown } = { status: 200, body: { ...referral, ...changes } },
) {
  mockFetch((call) =>
    call.url.startsWith(`/api/v1/referrals/${REFERRAL}?`) || call.url === `/api/v1/referrals/${REFERRAL}`
      ? answer
      : { status: 200, body: { items: [], nextCursor: null } },
  );
  await renderPage({
    pattern: '/referrals/$referralId',
    path: `/referrals/${REFERRAL}`,
    component: ReferralRoute.options.component,
    session,
  });
  if (answer.status === 200) {
    await screen.findByRole('heading', { name: 'Referral: Employment – Employment services' });
  }
}

const linksIntoClientPages = () =>
  [...document.querySelectorAll<HTMLAnchorElement>('a[href]')]
    .map((link) => link.getAttribute('href') ?? '')
    .filter((href) => href.startsWith('/clients'));

describe('referral page', () => {
  afterEach(() => jest.restoreAllMocks());

  it("offers the sending side the link to the client's page", async () => {
    await renderReferralPage(sessionOf(MONI, 'advisor'));
    const link = screen.getByRole('link', { name: 'Open the client' });
    expect(link.getAttribute('href')).toBe(`/clients/${CLIENT}`);
    expect(screen.queryByRole('heading', { name: 'Shared client data' })).toBeNull();
  });

  it("names the client to the sending side, as the link to the client's page", async () => {
    const calls = mockFetch((call) => {
      if (referralUrl(call.url)) {
        return { status: 200, body: referral };
      }
      return call.url === `/api/v1/clients/${CLIENT}`
        ? {
            status: 200,
            body: { id: CLIENT, firstName: 'Amina', lastName: 'Hassan', erased: false },
          }
        : emptyPage;
    });
    await renderAt(sessionOf(MONI, 'advisor'), 'fi');
    const link = await screen.findByRole('link', { name: 'Amina Hassan' });
    expect(link.getAttribute('href')).toBe(`/clients/${CLIENT}`);
    expect(screen.getByText('Asiakas').nextElementSibling?.textContent).toBe('Amina Hassan');
    expect(screen.queryByRole('link', { name: 'Avaa asiakas' })).toBeNull();
    expect(calls.filter((call) => call.url.startsWith('/api/v1/clients'))).toHaveLength(1);
  });

  it('looks up nothing about the client for the receiving partner', async () => {
    const calls = mockFetch((call) =>
      referralUrl(call.url) ? { status: 200, body: { ...referral, clientId: null } } : emptyPage,
    );
    await renderAt(sessionOf(EMPLOYMENT, 'partner_staff'));
    expect(await screen.findByRole('heading', { name: 'Shared client data' })).toBeTruthy();
    await waitFor(() => expect(calls.some((call) => call.url.includes('/messages'))).toBe(true));
    expect(calls.filter((call) => call.url.startsWith('/api/v1/clients'))).toEqual([]);
    expect(screen.queryByText('Client')).toBeNull();
  });

  it.each([
    [
      'the receiving partner',
      'fi' as const,
      EMPLOYMENT,
      'partner_staff' as const,
      'Palvelu',
      'Työnhaun tuki maahanmuuttajille',
    ],
    [
      'the sending advisor',
      'sv' as const,
      MONI,
      'advisor' as const,
      'Tjänst',
      'Stöd i jobbsökandet för invandrare',
    ],
    [
      'the sending advisor',
      'en' as const,
      MONI,
      'advisor' as const,
      'Service',
      'Job-search support for immigrants',
    ],
  ])(
    'shows %s the chosen service, named in the page language (%s)',
    async (_who, language, organisationId, role, label, name) => {
      mockFetch((call) => {
        if (referralUrl(call.url)) {
          return { status: 200, body: { ...referral, serviceId: SERVICE } };
        }
        return call.url.startsWith(`/api/v1/organisations/${EMPLOYMENT}/services`)
          ? servicesOfEmployment
          : emptyPage;
      });
      await renderAt(sessionOf(organisationId, role), language);
      await waitFor(() => expect(screen.getByText(label).nextElementSibling?.textContent).toBe(name));
    },
  );

  it('has no service row for a referral made to no particular service', async () => {
    const calls = mockFetch((call) => (referralUrl(call.url) ? { status: 200, body: referral } : emptyPage));
    await renderAt(sessionOf(EMPLOYMENT, 'partner_staff'));
    await screen.findByRole('heading', { name: 'Referral: Employment – Employment services' });
    expect(screen.queryByText('Service')).toBeNull();
    expect(calls.filter((call) => call.url.includes('/services'))).toEqual([]);
  });

  it('keeps focus on the h1 that focus was put on while the referral loaded, once it has loaded', async () => {
    const answer = held<Answer>();
    const calls = mockFetch((call) => (referralUrl(call.url) ? answer.promise : emptyPage));
    const referralReads = () => calls.filter((call) => referralUrl(call.url)).length;
    await renderAt(sessionOf(EMPLOYMENT, 'partner_staff'), 'fi');
    // As after a navigation (Shell): focus on the page's h1, here while the referral loads.
    const loading = screen.getByRole('heading', { level: 1, name: 'Lähete' });
    loading.focus();
    await act(async () => {
      answer.release({ status: 200, body: referral });
      await answer.promise;
    });
    const heading = await screen.findByRole('heading', { level: 1, name: 'Lähete: Työllistyminen – TE' });
    expect(document.activeElement).toBe(heading);
    expect(document.querySelectorAll('h1')).toHaveLength(1);
    expect(document.querySelector('article')?.getAttribute('data-referral-id')).toBe(REFERRAL);

    // A background refresh (as a live update's) moves no focus: it stays where the user put it.
    const box = screen.getByLabelText(/Uusi viesti/);
    box.focus();
    const readsBefore = referralReads();
    await act(async () => {
      focusManager.setFocused(false);
      focusManager.setFocused(true);
      await Promise.resolve();
    });
    await waitFor(() => expect(referralReads()).toBeGreaterThan(readsBefore));
    expect(document.activeElement).toBe(box);
    focusManager.setFocused(undefined);
  });

  it('gives focus to the "page not found" heading when it replaces the focused loading one', async () => {
    const answer = held<Answer>();
    mockFetch((call) => (referralUrl(call.url) ? answer.promise : emptyPage));
    await renderAt(sessionOf(EMPLOYMENT, 'partner_staff'));
    screen.getByRole('heading', { level: 1, name: 'Referral' }).focus();
    await act(async () => {
      answer.release({
        status: 404,
        body: { code: 'RESOURCE.NOT_FOUND', message: 'x', correlationId: 'corr-1' },
      });
      await answer.promise;
    });
    const notFound = await screen.findByRole('heading', { level: 1, name: 'Page not found' });
    await waitFor(() => expect(document.activeElement).toBe(notFound));
  });

  it('keeps "Send the message" focusable while it sends, and sends once however often it is pressed', async () => {
    const posted = held<Answer>();
    const calls = mockFetch((call) => {
      if (call.method === 'POST') {
        return posted.promise;
      }
      return referralUrl(call.url) ? { status: 200, body: referral } : emptyPage;
    });
    await renderAt(sessionOf(EMPLOYMENT, 'partner_staff'));
    const box = await screen.findByLabelText<HTMLTextAreaElement>(/New message to the other organisation/);
    fireEvent.change(box, { target: { value: 'Could she come on Monday?' } });
    const send = screen.getByRole<HTMLButtonElement>('button', { name: 'Send the message' });
    send.focus();
    fireEvent.click(send);
    fireEvent.click(send);
    await waitFor(() => expect(send.getAttribute('aria-disabled')).toBe('true'));
    // Not disabled: a disabled button would lose the focus on it to <body>.
    expect(send.disabled).toBe(false);
    expect(document.activeElement).toBe(send);
    fireEvent.click(send);
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1);

    await act(async () => {
      posted.release({ status: 201, body: { id: 'm1' } });
      await posted.promise;
    });
    await waitFor(() => expect(box.value).toBe(''));
    await waitFor(() => expect(send.getAttribute('aria-disabled')).not.toBe('true'));
    expect(document.activeElement).toBe(send);
    expect(calls.filter((call) => call.method === 'POST')).toEqual([
      expect.objectContaining({
        url: `/api/v1/referrals/${REFERRAL}/messages`,
        body: { body: 'Could she come on Monday?' },
      }),
    ]);
  });

  it("gives the answer's due date as the promise's last day, not the midnight that ends it", async () => {
    // dueAt 2026-12-04T22:00Z is midnight in Helsinki at the start of Saturday 5 December: the
    // promise's last day is Friday the 4th.
    await renderReferralPage(sessionOf(EMPLOYMENT, 'partner_staff'));
    const due = screen.getByText('Answer due').nextElementSibling;
    expect(due?.textContent).toBe('4 Dec 2026');
  });

  it('never offers the receiving partner a link into client pages: it sees the shared data', async () => {
    await renderReferralPage(sessionOf(EMPLOYMENT, 'partner_staff'));
    expect(await screen.findByRole('heading', { name: 'Shared client data' })).toBeTruthy();
    expect(screen.getByText('Amina')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Open the client' })).toBeNull();
    expect(screen.queryByText('Client')).toBeNull();
    expect(linksIntoClientPages()).toEqual([]);
  });

  it('offers the message form on a sent referral, limited to what the API takes', async () => {
    await renderReferralPage(sessionOf(EMPLOYMENT, 'partner_staff'));
    const box = screen.getByLabelText<HTMLTextAreaElement>(/New message to the other organisation/);
    expect(box.maxLength).toBe(4000);
    expect(screen.getByText('At most 4,000 characters.')).toBeTruthy();
    expect(document.querySelector('[data-thread-closed]')).toBeNull();
  });

  it.each([
    [
      'the consent has ended',
      { sharedDataRedacted: true, status: 'cancelled' as const },
      /consent has ended/,
    ],
    ['a draft', { status: 'draft' as const, sentAt: null }, /once the referral has been sent/],
    ['a logged referral', { kind: 'logged' as const }, /once the referral has been sent/],
  ])(
    'says why no message can be written on %s, with no form to be refused',
    async (_label, changes, text) => {
      await renderReferralPage(sessionOf(MONI, 'advisor'), changes);
      expect(screen.getByText(text)).toBeTruthy();
      expect(screen.queryByLabelText(/New message to the other organisation/)).toBeNull();
      expect(screen.queryByRole('button', { name: 'Send the message' })).toBeNull();
    },
  );

  it.each([
    [404, 'RESOURCE.NOT_FOUND', null],
    [400, 'VALIDATION.FAILED', [{ field: 'id', reasons: ['id must be a UUID'] }]],
  ])(
    'shows "page not found" for a referral the API does not have for the caller (%i)',
    async (status, code, details) => {
      await renderReferralPage(
        sessionOf(EMPLOYMENT, 'partner_staff'),
        {},
        {
          status,
          body: { code, message: 'x', details, correlationId: 'corr-1' },
        },
      );
      expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
      expect(screen.queryByText(/not valid/)).toBeNull();
    },
  );

  it('says why a referral is where it is, and waits for no answer once it is closed', async () => {
    await renderReferralPage(sessionOf(MONI, 'advisor'), {
      status: 'rejected',
      reasonCode: 'no_capacity',
      reasonText: 'Full until March',
      closedAt: '2026-12-02T08:00:00Z',
    });
    expect(screen.getByText('Reason for the status').nextElementSibling?.textContent).toBe(
      'No capacity · Full until March',
    );
    expect(screen.getByText('Answer due').nextElementSibling?.textContent).toBe('–');
  });

  it('shows "page not found" for an address with no referral id in it, without asking the API', async () => {
    const calls = mockFetch(() => ({ status: 400, body: { code: 'VALIDATION.FAILED', details: [] } }));
    await renderPage({
      pattern: '/referrals/$referralId',
      path: '/referrals/not-a-uuid',
      component: ReferralRoute.options.component,
      session: sessionOf(EMPLOYMENT, 'partner_staff'),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
    expect(calls.filter((call) => call.url.includes('not-a-uuid'))).toEqual([]);
  });

  it('names the author and the organisation of each message, and says when one is no longer shown', async () => {
    const message = (id: string, authorOrganisationId: string, body: string | null) => ({
      id,
      authorUserId: `user-${id}`,
      authorUsername: id === 'm1' ? 'advisor' : 'employment',
      // An older message has no name: its username stands in.
      authorName: id === 'm1' ? 'Aino Advisor' : null,
      authorOrganisationId,
      body,
      redacted: body === null,
      createdAt: id === 'm1' ? '2026-12-01T09:00:00Z' : '2026-12-01T10:00:00Z',
    });
    mockFetch((call) => {
      if (call.url.startsWith(`/api/v1/referrals/${REFERRAL}/messages`)) {
        return {
          status: 200,
          body: {
            items: [message('m1', MONI, 'Could you call her?'), message('m2', EMPLOYMENT, null)],
            nextCursor: null,
          },
        };
      }
      return call.url.startsWith(`/api/v1/referrals/${REFERRAL}`)
        ? { status: 200, body: referral }
        : { status: 200, body: { items: [], nextCursor: null } };
    });
    await renderPage({
      pattern: '/referrals/$referralId',
      path: `/referrals/${REFERRAL}`,
      component: ReferralRoute.options.component,
      session: sessionOf(EMPLOYMENT, 'partner_staff'),
    });
    const items = await screen.findAllByRole('listitem');
    const texts = items.map((item) => item.textContent ?? '').filter((text) => text.includes('·'));
    expect(texts[0]).toMatch(/^Aino Advisor · MONI · .*Could you call her\?$/);
    expect(texts[1]).toMatch(/^employment · Employment services · .*This message is no longer shown\.$/);
  });
});
