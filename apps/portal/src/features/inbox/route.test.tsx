// The partner's inbox (/inbox): each row names the service the referral was made to (from the same
// list as the service filter), and the day filters take d.m.yyyy in every language, as the
// portal's other date fields do, whatever the browser's locale.
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { mockFetch, type Call } from '../../../test/mock-fetch';
import { renderPage } from '../../../test/render';
import { sessionAs } from '../../../test/session';
import type { Language } from '../../i18n';
import type { ReferralSummary } from '../../api/types';
import { Route as InboxRoute } from './route';
import { JOB_SEARCH_SERVICE, servicesOfEmployment } from '../../../test/services-fixture';

const MONI = '0b7e0c52-3f1e-4c6a-9d2b-0a1e5f3c9d01';
const EMPLOYMENT = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d02';
const SERVICE = JOB_SEARCH_SERVICE;

const row = (id: string, serviceId: string | null): ReferralSummary => ({
  id,
  kind: 'platform',
  status: 'received',
  version: 2,
  clientId: null,
  need: 'employment',
  urgency: 'routine',
  serviceId,
  sendingOrganisation: { id: MONI, name: { fi: 'MONI', sv: 'MONI', en: 'MONI' } },
  receivingOrganisation: { id: EMPLOYMENT, name: { fi: 'TE', sv: null, en: 'Employment services' } },
  createdAt: '2026-12-01T08:00:00Z',
  sentAt: '2026-12-01T08:00:00Z',
  dueAt: '2026-12-04T22:00:00Z',
  overdue: false,
  closedAt: null,
});

const WITH_SERVICE = '3f6c1c0e-8a4e-4a51-9d55-6c1e0c3f0b11';
const WITHOUT_SERVICE = '3f6c1c0e-8a4e-4a51-9d55-6c1e0c3f0b12';

function answer(call: Call): { status: number; body: unknown } {
  if (call.url.startsWith(`/api/v1/organisations/${EMPLOYMENT}/services`)) {
    return servicesOfEmployment;
  }
  if (call.url.startsWith('/api/v1/referrals?')) {
    return {
      status: 200,
      body: {
        items: [row(WITH_SERVICE, SERVICE), row(WITHOUT_SERVICE, null)],
        nextCursor: null,
        counts: { received: 2 },
      },
    };
  }
  return { status: 200, body: { items: [], nextCursor: null } };
}

async function renderInbox(language: Language = 'en', search = '') {
  const calls = mockFetch(answer);
  await renderPage({
    pattern: '/inbox',
    path: `/inbox${search}`,
    component: InboxRoute.options.component,
    session: sessionAs('partner_staff', EMPLOYMENT),
    language,
  });
  await screen.findByRole('table');
  return calls;
}

const listRequests = (calls: Call[]) =>
  calls
    .filter((call) => call.url.startsWith('/api/v1/referrals?') && !call.url.includes('assignee=me'))
    .map((call) => new URL(call.url, 'http://portal').searchParams);

describe('inbox', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['fi' as const, 'Työnhaun tuki maahanmuuttajille'],
    ['sv' as const, 'Stöd i jobbsökandet för invandrare'],
    ['en' as const, 'Job-search support for immigrants'],
  ])('names the service of each referral made to one (%s)', async (language, name) => {
    const calls = await renderInbox(language);
    const withService = document.querySelector(`tr[data-referral-id="${WITH_SERVICE}"]`);
    await waitFor(() => expect(withService?.textContent).toContain(name));
    expect(document.querySelector(`tr[data-referral-id="${WITHOUT_SERVICE}"]`)?.textContent).not.toContain(
      name,
    );
    // One read of the organisation's services, for the filter and the rows both.
    expect(calls.filter((call) => call.url.includes('/services'))).toHaveLength(1);
  });

  it.each([
    ['fi' as const, 'Lähetetty alkaen', 'Muodossa p.k.vvvv, esimerkiksi 1.12.2026'],
    ['sv' as const, 'Skickad från och med', 'I formen d.m.åååå, till exempel 1.12.2026'],
    ['en' as const, 'Sent from', 'As d.m.yyyy, for example 1.12.2026'],
  ])(
    'shows the day filters as text written d.m.yyyy, not the browser’s date input (%s)',
    async (language, label, hint) => {
      await renderInbox(language, '?from=2026-12-01&to=2026-12-31');
      const from = screen.getByLabelText<HTMLInputElement>(label);
      expect(from.type).toBe('text');
      expect(from.value).toBe('1.12.2026');
      expect(document.getElementById(from.getAttribute('aria-describedby') ?? '')?.textContent).toBe(hint);
      expect(screen.getByDisplayValue('31.12.2026')).toBeTruthy();
    },
  );

  it('filters by a day written d.m.yyyy, from the start of that day in Finland', async () => {
    const calls = await renderInbox('en');
    const from = screen.getByLabelText<HTMLInputElement>('Sent from');
    fireEvent.change(from, { target: { value: '1.12.2026' } });
    await act(async () => {
      fireEvent.blur(from);
      await Promise.resolve();
    });
    await waitFor(() => expect(listRequests(calls).at(-1)?.get('from')).toBe('2026-11-30T22:00:00.000Z'));
    const to = screen.getByLabelText<HTMLInputElement>('Sent until');
    fireEvent.change(to, { target: { value: '31.12.2026' } });
    fireEvent.keyDown(to, { key: 'Enter' });
    // "Until" a day includes the whole day: up to the midnight after it.
    await waitFor(() => expect(listRequests(calls).at(-1)?.get('to')).toBe('2026-12-31T22:00:00.000Z'));
    expect(from.value).toBe('1.12.2026');
    expect(from.getAttribute('aria-invalid')).toBeNull();
  });

  it.each([
    ['fi' as const, 'Lähetetty viimeistään', 'Kirjoita päivämäärä muodossa p.k.vvvv, esimerkiksi 1.12.2026.'],
    ['sv' as const, 'Skickad till och med', 'Skriv datumet i formen d.m.åååå, till exempel 1.12.2026.'],
    ['en' as const, 'Sent until', 'Enter the date as d.m.yyyy, for example 1.12.2026.'],
  ])(
    'says clearly when a day is not a date, and filters by nothing wrong (%s)',
    async (language, label, text) => {
      const calls = await renderInbox(language);
      const requestsBefore = listRequests(calls).length;
      const to = screen.getByLabelText<HTMLInputElement>(label);
      for (const typed of ['31.2.2026', '12/31/2026']) {
        fireEvent.change(to, { target: { value: typed } });
        fireEvent.blur(to);
        const error = await screen.findByRole('alert');
        expect(error.textContent).toBe(text);
        expect(to.getAttribute('aria-invalid')).toBe('true');
        expect(to.getAttribute('aria-describedby')).toContain(error.id);
        // What was typed stays, to be corrected.
        expect(to.value).toBe(typed);
      }
      expect(
        listRequests(calls)
          .slice(requestsBefore)
          .filter((params) => params.has('to')),
      ).toEqual([]);

      // Corrected, the error goes and the filter applies.
      fireEvent.change(to, { target: { value: '28.2.2026' } });
      fireEvent.blur(to);
      await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
      await waitFor(() => expect(listRequests(calls).at(-1)?.get('to')).toBe('2026-02-28T22:00:00.000Z'));
    },
  );

  it('empties the day filters with "Clear filters"', async () => {
    await renderInbox('en', '?from=2026-12-01');
    const from = screen.getByLabelText<HTMLInputElement>('Sent from');
    expect(from.value).toBe('1.12.2026');
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(from.value).toBe(''));
  });

  it('says when the first day is after the last, and not otherwise', async () => {
    await renderInbox('fi', '?from=2026-12-10&to=2026-12-01');
    expect(await screen.findByText(/Alkupäivä on loppupäivän jälkeen/)).toBeTruthy();
  });

  it('says nothing of the days when they are in order', async () => {
    await renderInbox('en', '?from=2026-12-01&to=2026-12-10');
    expect(document.querySelector('[data-days-reversed]')).toBeNull();
  });
});
