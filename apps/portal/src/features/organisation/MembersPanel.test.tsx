// The members table: a partner system's service account is named and marked as a system, so an
// administrator can tell it from the people (it has no e-mail and is never assigned work).
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockFetch } from '../../../test/mock-fetch';
import { renderInPortal } from '../../../test/render';
import type { Member } from './types';
import { MembersPanel } from './MembersPanel';

const ORG = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d02';
const member = (overrides: Partial<Member>): Member => ({
  id: '9d7e4c10-5a2b-4f3e-8c1d-2b6a0e9f7c04',
  userId: '4dc2bf6d-b6cd-4e4d-acf0-5898634c7b96',
  organisationId: ORG,
  email: 'employment@partner.example',
  displayName: 'Elina Employment',
  kind: 'person',
  role: 'partner_staff',
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  ...overrides,
});
const SYSTEM = member({
  id: '9d7e4c10-5a2b-4f3e-8c1d-2b6a0e9f7c07',
  userId: '6fe6d98c-ae72-46ee-9673-63fe0b5f2524',
  email: null,
  displayName: 'service-account-moni-partner-system',
  kind: 'system',
});

describe('MembersPanel', () => {
  it.each([
    ['fi', 'järjestelmätili, ei saa tehtäviä'],
    ['sv', 'systemkonto, tilldelas inga uppgifter'],
    ['en', 'system account, not assigned work'],
  ] as const)('names a system account and marks it as one (%s)', async (language, marker) => {
    mockFetch((call) =>
      call.url.includes('/invitations')
        ? { status: 200, body: { items: [], nextCursor: null } }
        : { status: 200, body: { items: [member({}), SYSTEM], nextCursor: null, invitations: [] } },
    );
    await renderInPortal(<MembersPanel organisationId={ORG} selfUserId="someone-else" />, language);

    await screen.findByText('employment@partner.example');
    const systemRow = document.querySelector(`tr[data-member-id="${SYSTEM.id}"]`) as HTMLElement;
    expect(systemRow.querySelector('td')?.textContent).toBe(
      `service-account-moni-partner-system (${marker})`,
    );
    expect(within(systemRow).getByText(`(${marker})`)).toBeTruthy();
    expect(systemRow.textContent).not.toContain(SYSTEM.userId);
    const personRow = screen.getByText('employment@partner.example').closest('tr') as HTMLElement;
    expect(personRow.querySelector('[data-member-kind]')).toBeNull();
  });

  it('keeps the keyboard at the role choice after a role is changed (its button is disabled then)', async () => {
    const calls = mockFetch((call) => {
      if (call.method === 'PATCH') {
        return { status: 200, body: member({ role: 'advisor' }) };
      }
      return call.url.includes('/invitations')
        ? { status: 200, body: { items: [], nextCursor: null } }
        : { status: 200, body: { items: [member({})], nextCursor: null, invitations: [] } };
    });
    await renderInPortal(<MembersPanel organisationId={ORG} selfUserId="someone-else" />, 'en');
    const choice = await screen.findByRole('combobox', { name: /^Role of employment@partner.example/ });
    fireEvent.change(choice, { target: { value: 'advisor' } });
    fireEvent.click(screen.getByRole('button', { name: /^Change role: employment@partner.example/ }));
    await waitFor(() => expect(calls.some((call) => call.method === 'PATCH')).toBe(true));
    await waitFor(() => expect(document.activeElement).toBe(choice));
  });
});
