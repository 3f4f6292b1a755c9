import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ComponentType } from 'react';
import { renderInPortal } from '../../../test/render';
import { mockFetch } from '../../../test/mock-fetch';
import { sessionAs, WithSession } from '../../../test/session';
import type { Organisation } from '../organisation/types';
import { Route } from './route';

const ORG = '55555555-5555-4555-8555-555555555555';

const organisation: Organisation = {
  id: ORG,
  name: {
    fi: 'Seinäjoen seudun työllisyyspalvelut',
    sv: 'Seinäjoki regionens sysselsättningstjänster',
    en: null,
  },
  businessId: null,
  kind: 'employment services',
  canSend: true,
  canReceive: true,
  intake: { email: null, responseDays: 5, accepting: true, language: null },
  status: 'active',
  agreement: null,
  deactivatedAt: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  version: 2,
};

const session = sessionAs('platform_admin', null, 'admin');

const OrganisationsScreen = Route.options.component as ComponentType;

describe('organisations screen', () => {
  it('deactivates once when the confirmation is double-clicked', async () => {
    const calls = mockFetch((call) =>
      call.method === 'POST'
        ? { status: 200, body: { ...organisation, status: 'deactivated', version: 3 } }
        : { status: 200, body: { items: [organisation], nextCursor: null } },
    );
    await renderInPortal(
      <WithSession session={session}>
        <OrganisationsScreen />
      </WithSession>,
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Deactivate: Seinäjoen seudun työllisyyspalvelut' }),
    );
    const confirm = within(screen.getByRole('alertdialog')).getByRole('button', {
      name: 'Deactivate organisation',
    });
    // Both clicks arrive before the first answer (and before any re-render), as in a double click.
    fireEvent.click(confirm);
    fireEvent.click(confirm);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual([
      `/api/v1/organisations/${ORG}/deactivate`,
    ]);
    expect(screen.getAllByText('Seinäjoen seudun työllisyyspalvelut was deactivated.')).toHaveLength(1);
  });
});
