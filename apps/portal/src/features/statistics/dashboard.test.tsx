import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SessionProvider } from '../../api/session';
import type { StatisticsReport } from '../../api/statistics-types';
import type { Role, Session } from '../../api/types';
import { renderInPortal } from '../../../test/render';
import { requestUrl } from '../../../test/request-url';
import { addMonths, periodOf, thisMonth } from './period';
import { StatisticsDashboard } from './route';

const ORG = 'org-moni';

function session(role: Role): Session {
  return {
    user: { userId: 'u-1', username: 'moni-admin', email: null, name: 'Mona Admin' },
    organisations: [{ id: ORG, name: { fi: 'MONI-hanke', sv: 'MONI-projektet', en: 'MONI project' }, role }],
    activeOrganisationId: ORG,
    role,
    csrfToken: 'csrf',
    idleExpiresAt: '2099-01-01T00:00:00Z',
    absoluteExpiresAt: '2099-01-01T00:00:00Z',
    expiresAt: '2030-01-01T00:00:00Z',
  };
}

/** The API's answers by report and groupBy, with suppressed cells as it sends them. */
function reportFor(url: URL): Partial<StatisticsReport> {
  const report = url.pathname.split('/').pop() ?? '';
  const groupBy = url.searchParams.get('groupBy') ?? '';
  const to = url.searchParams.get('to') ?? thisMonth();
  const previous = addMonths(to, -1);
  switch (`${report}:${groupBy}`) {
    case 'contacts:month':
      return {
        columns: ['month', 'count'],
        rows: [
          { month: previous, count: 27 },
          { month: to, count: '<5' },
        ],
        total: 30,
      };
    case 'contacts:channel':
      return {
        columns: ['channel', 'count'],
        rows: [
          { channel: 'walk_in', count: 22 },
          { channel: 'phone', count: '<5' },
          { channel: 'remote', count: '<5' },
        ],
        total: 30,
      };
    case 'participants:month':
      return {
        columns: ['month', 'count'],
        rows: [{ month: to, count: 12 }],
        total: 12,
        plan: { target: 620, reached: 310 },
      };
    case 'response-times:':
      return {
        groupBy: ['receivingOrganisation'],
        columns: [
          'receivingOrganisation',
          'count',
          'promiseDays',
          'acceptedMedianDays',
          'withinPromiseShare',
        ],
        rows: [
          {
            receivingOrganisation: 'org-te',
            count: 14,
            promiseDays: 5,
            acceptedMedianDays: 3.5,
            withinPromiseShare: 0.86,
          },
          {
            receivingOrganisation: 'org-housing',
            count: '<5',
            promiseDays: 10,
            acceptedMedianDays: null,
            withinPromiseShare: null,
          },
        ],
        total: 17,
        organisations: {
          'org-te': { fi: 'TE-palvelut', sv: 'TE-tjänsterna', en: 'TE Services' },
          'org-housing': { fi: 'Asuntotoimisto', sv: 'Bostadsbyrån', en: 'Housing office' },
        },
      };
    case 'broken-chain:':
      return {
        groupBy: ['end', 'reason'],
        columns: ['end', 'reason', 'count'],
        rows: [
          { end: 'rejected', reason: 'no_capacity', count: 6 },
          { end: 'expired', reason: 'expired', count: '<5' },
        ],
        total: 9,
        // The API's funnel stops at last month when the period reaches this month.
        funnel: { through: previous, sent: 40, received: '<5', accepted: 30, completed: '<5' },
        overdue: { count: 6, rate: 0.15 },
      };
    default:
      return { columns: ['count'], rows: [], total: 0 };
  }
}

function mockApi(): URL[] {
  const requests: URL[] = [];
  global.fetch = jest.fn((input: RequestInfo | URL) => {
    const href = requestUrl(input);
    const url = new URL(href, 'http://portal.test');
    requests.push(url);
    const body: StatisticsReport = {
      report: url.pathname.split('/').pop() as StatisticsReport['report'],
      from: url.searchParams.get('from') ?? '',
      to: url.searchParams.get('to') ?? '',
      groupBy: (url.searchParams.get('groupBy') ?? '').split(',').filter(Boolean),
      scope: { kind: 'organisation', organisationId: ORG },
      generatedAt: '2026-12-03T10:00:00Z',
      columns: [],
      rows: [],
      total: null,
      organisations: {},
      ...reportFor(url),
    };
    return Promise.resolve({
      ok: true,
      status: 200,
      statusText: '200',
      headers: { get: () => null },
      json: () => Promise.resolve(body),
    } as unknown as Response);
  }) as typeof fetch;
  return requests;
}

async function renderDashboard(role: Role, search = {}, language: 'fi' | 'sv' | 'en' = 'en') {
  await renderInPortal(
    <SessionProvider
      value={{ session: session(role), loadedAt: Date.now(), reload: () => Promise.resolve() }}
    >
      <StatisticsDashboard search={search} />
    </SessionProvider>,
    language,
  );
}

const panel = (name: string) => screen.getByRole('region', { name });

describe('the statistics dashboard', () => {
  it('draws counts as bars a screen reader names, "hidden" for suppressed cells, never a figure under 5', async () => {
    mockApi();
    await renderDashboard('org_admin');
    const channels = await within(panel('Guidance contacts by channel')).findByRole('list', {
      name: 'Guidance contacts by channel',
    });
    const bars = within(channels).getAllByRole('listitem');
    expect(bars.map((bar) => bar.getAttribute('aria-label'))).toEqual([
      'Walk-in: 22',
      'Phone: hidden',
      'Remote: hidden',
      'E-mail or chat: 0',
      'Pop-up or outreach: 0',
    ]);
    expect(within(bars[1]).getByText('hidden')).toBeTruthy();
    // No figure is drawn for a suppressed cell, and it is not called small: it may hide a large one.
    expect(bars[1]?.textContent).toBe('Phonehidden');
    expect(channels.textContent).not.toMatch(/< ?5|fewer/);
    // Drawn as a hatched stub of one size whatever it hides, not as a bar up to a value.
    const stubs = [bars[1], bars[2]].map((bar) => bar?.querySelector('rect'));
    expect(stubs.map((stub) => stub?.getAttribute('fill'))).toEqual([
      expect.stringMatching(/^url\(#hatch-/),
      expect.stringMatching(/^url\(#hatch-/),
    ]);
    expect(new Set(stubs.map((stub) => stub?.getAttribute('height'))).size).toBe(1);
  });

  it('reads the bars by keyboard: one tab stop, arrow keys and End move along', async () => {
    mockApi();
    await renderDashboard('advisor');
    const months = await within(panel('Guidance contacts by month')).findByRole('list');
    const bars = within(months).getAllByRole('listitem');
    expect(bars).toHaveLength(12);
    expect(bars.filter((bar) => bar.getAttribute('tabindex') === '0')).toHaveLength(1);
    bars[0]?.focus();
    fireEvent.keyDown(bars[0], { key: 'ArrowRight' });
    expect(document.activeElement).toBe(bars[1]);
    fireEvent.keyDown(bars[1], { key: 'End' });
    expect(document.activeElement).toBe(bars[11]);
    expect(bars[11]?.getAttribute('aria-label')).toMatch(/: hidden$/);
    expect(bars[11]?.getAttribute('tabindex')).toBe('0');
  });

  it('gives each figure as a table with its total, and CSV and XLSX downloads of the same report', async () => {
    mockApi();
    const period = periodOf({});
    await renderDashboard('org_admin');
    const region = within(panel('Guidance contacts by channel'));
    fireEvent.click(await region.findByText('Show as a table'));
    const table = region.getByRole('table');
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Channel', 'Count'],
      ['Walk-in', '22'],
      ['Phone', 'hidden'],
      ['Remote', 'hidden'],
      ['Total', '30'],
    ]);
    // The link names the figure (visually hidden), so the page's download links differ.
    const xlsx = region.getByRole('link', {
      name: /^Download Excel \(XLSX\) ?: Guidance contacts by channel$/,
    });
    expect(xlsx.getAttribute('href')).toBe(
      `/api/v1/statistics/contacts?from=${period.from}&to=${period.to}&groupBy=channel&format=xlsx&lang=en`,
    );
    expect(region.getByRole('link', { name: /Download CSV/ }).getAttribute('href')).toContain('format=csv');
  });

  it("shows participants against the plan, the partners' response times against their promise, the funnel", async () => {
    mockApi();
    await renderDashboard('org_admin');
    expect(await screen.findByRole('img', { name: '310 of 620 planned participants (50%)' })).toBeTruthy();
    const times = within(panel("Partners' response times against their promise"));
    const partners = within(await times.findByRole('list')).getAllByRole('listitem');
    expect(partners.map((bar) => bar.getAttribute('aria-label'))).toEqual([
      'TE Services: median 3.5 d, promise 5 d, answered in time 86%, referrals 14',
      'Housing office: median too few referrals, promise 10 d, answered in time –, referrals hidden',
    ]);
    const chain = within(panel('Where the service chain breaks'));
    const funnel = within(await chain.findByRole('list', { name: 'How referrals move on' })).getAllByRole(
      'listitem',
    );
    // A hidden step is "hidden", whether it is small or (as Received, with 30 accepted within it) not.
    expect(funnel.map((bar) => bar.getAttribute('aria-label'))).toEqual([
      'Sent: 40',
      'Received: hidden',
      'Accepted: 30',
      'Completed: hidden',
    ]);
    expect(funnel.map((bar) => bar.textContent)).toEqual([
      expect.stringContaining('40'),
      expect.stringContaining('hidden'),
      expect.stringContaining('30'),
      expect.stringContaining('hidden'),
    ]);
    expect(chain.getByText('Overdue: 6 (15% of those sent)')).toBeTruthy();
    const through = chain.getByText(/^Referrals sent by .+: this month's are still on their way\.$/);
    const lastMonth = addMonths(thisMonth(), -1);
    expect(through.getAttribute('data-funnel-through')).toBe(lastMonth);
    const lastDay = new Date(Date.UTC(Number(lastMonth.slice(0, 4)), Number(lastMonth.slice(5, 7)), 0));
    expect(through.textContent).toContain(String(lastDay.getUTCDate()));
    const ends = within(chain.getByRole('list', { name: 'Broken referrals by reason' })).getAllByRole(
      'listitem',
    );
    expect(ends.map((bar) => bar.getAttribute('aria-label'))).toEqual([
      'Rejected: No capacity: 6',
      'Expired: hidden',
    ]);
    expect(screen.getByText('Figures of MONI project (as sender and as receiver).')).toBeTruthy();
  });

  it('asks the API for the period in the URL, in months', async () => {
    const requests = mockApi();
    await renderDashboard('platform_admin', { from: '2026-01', to: '2026-03' }, 'fi');
    await screen.findByRole('list', { name: 'Ohjauskontaktit kuukausittain' });
    await waitFor(() => expect(requests.length).toBeGreaterThanOrEqual(9));
    for (const url of requests) {
      expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual(['2026-01', '2026-03']);
    }
    expect(screen.getByText('Koko verkoston luvut, vain yhteenvetoina.')).toBeTruthy();
    expect(screen.getByText('Näytetään tammikuu 2026 – maaliskuu 2026')).toBeTruthy();
  });

  it('is not offered to partner staff (the API refuses them) and asks nothing', async () => {
    const requests = mockApi();
    await renderDashboard('partner_staff');
    expect(screen.getByText('Statistics are not available for your role.')).toBeTruthy();
    expect(requests).toHaveLength(0);
  });

  it('asks the API for the longest period it answers for when the address asks for more, and says so', async () => {
    const requests = mockApi();
    await renderDashboard('org_admin', { from: '2015-01', to: '2026-12' }, 'fi');
    const notice = document.querySelector('[data-period-problem="tooLong"]');
    expect(notice?.textContent).toContain('Jakso voi olla enintään 36 kuukautta.');
    await waitFor(() => expect(requests.length).toBeGreaterThan(0));
    expect(
      new Set(requests.map((url) => `${url.searchParams.get('from')}–${url.searchParams.get('to')}`)),
    ).toEqual(new Set(['2024-01–2026-12']));
  });

  it('refuses a first month after the last at the form, and asks the API nothing new', async () => {
    const requests = mockApi();
    await renderDashboard('org_admin', { from: '2026-01', to: '2026-11' });
    await waitFor(() => expect(requests.length).toBeGreaterThan(0));
    const asked = requests.length;
    fireEvent.change(screen.getByLabelText('From (month)'), { target: { value: '11.2026' } });
    fireEvent.change(screen.getByLabelText('To (month)'), { target: { value: '9.2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(await screen.findByRole('link', { name: 'The first month is after the last.' })).toBeTruthy();
    expect(screen.getByLabelText('From (month)').getAttribute('aria-invalid')).toBe('true');
    expect(requests.length).toBe(asked);
  });

  it('takes the months as m.yyyy text in any browser, and says so when one is not a month', async () => {
    const requests = mockApi();
    await renderDashboard('org_admin', { from: '2026-01', to: '2026-11' }, 'fi');
    await waitFor(() => expect(requests.length).toBeGreaterThan(0));
    const from = screen.getByLabelText('Alkaen (kuukausi)');
    expect(from.getAttribute('type')).toBe('text');
    expect((from as HTMLInputElement).value).toBe('1.2026');
    expect(
      screen.getByText('Muodossa k.vvvv, esimerkiksi 1.2026', { selector: '#period-from-hint' }),
    ).toBeTruthy();
    const asked = requests.length;
    fireEvent.change(from, { target: { value: '13.2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Näytä' }));
    expect(
      await screen.findByRole('link', { name: 'Kirjoita kuukausi muodossa k.vvvv, esimerkiksi 1.2026.' }),
    ).toBeTruthy();
    expect(requests.length).toBe(asked);
    fireEvent.change(from, { target: { value: '3.2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Näytä' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: /Kirjoita kuukausi/ })).toBeNull());
  });
});
