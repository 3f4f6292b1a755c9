// /admin/audit: a reversed time range is said, not searched; counts in the singular; no match said.
import { screen, waitFor } from '@testing-library/react';
import { mockFetch } from '../../../test/mock-fetch';
import { renderPage } from '../../../test/render';
import { sessionAs } from '../../../test/session';
import { Route } from './route';

const VERIFICATION = {
  state: 'valid',
  checkedAt: '2026-01-01T10:00:00Z',
  records: '1',
  headHash: null,
  checkpoint: null,
  checkpointNote: 'none',
  broken: null,
};
const ENTRY = {
  id: 'e1',
  seq: '1',
  action: 'organisation.create',
  outcome: 'granted',
  actorUserId: null,
  actorRole: null,
  organisationId: null,
  targetType: 'organisation',
  targetId: null,
  correlationId: 'c1',
  sourceService: null,
  detail: null,
  occurredAt: '2026-01-01T10:00:00Z',
};

async function show(path: string, items: unknown[]) {
  const calls = mockFetch((call) =>
    call.url.includes('/verification')
      ? { status: 200, body: VERIFICATION }
      : { status: 200, body: { items, nextCursor: null } },
  );
  await renderPage({
    pattern: '/admin/audit',
    path,
    component: Route.options.component,
    session: sessionAs('platform_admin', null),
  });
  return calls;
}

describe('audit search', () => {
  it('says the range is reversed when From is after Until, without searching', async () => {
    const calls = await show('/admin/audit?from=2026-02-01T00%3A00&to=2026-01-01T00%3A00', [ENTRY]);
    expect(await screen.findByText(/the time range is reversed/)).toBeTruthy();
    expect(document.getElementById('audit-from-error')?.textContent).toBe(
      'From (at or after): must not be later than Until',
    );
    expect(screen.queryByText(/entries shown|entry shown/)).toBeNull();
    expect(calls.filter((call) => call.url.startsWith('/api/v1/audit?'))).toEqual([]);
  });

  it('counts one entry in the singular, and one record checked', async () => {
    await show('/admin/audit', [ENTRY]);
    expect(await screen.findByText('1 entry shown')).toBeTruthy();
    expect(await screen.findByText('1 record checked.')).toBeTruthy();
  });

  it('says that nothing matched', async () => {
    await show('/admin/audit?action=nothing.such', []);
    await waitFor(() => expect(screen.getByText('No entry matches the search.')).toBeTruthy());
  });
});
