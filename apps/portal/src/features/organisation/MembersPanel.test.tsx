// The members table: a partner system's service account is named and marked as a system, so an
// administrator can tell it from the people (it has no e-mail and is never assigned work).
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockFetch } from '../../../test/mock-fetch';
import { renderInPortal } from '../../../test/render';
import type { Invitation, Member } from './types';
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

  it('keeps the keyboard at the role choice when the refreshed list shows the new role', async () => {
    let role: Member['role'] = 'partner_staff';
    mockFetch((call) => {
      if (call.method === 'PATCH') {
        role = 'advisor';
        return { status: 200, body: member({ role }) };
      }
      return call.url.includes('/invitations')
        ? { status: 200, body: { items: [], nextCursor: null } }
        : { status: 200, body: { items: [member({ role })], nextCursor: null } };
    });
    await renderInPortal(<MembersPanel organisationId={ORG} selfUserId="someone-else" />, 'en');
    const choice = await screen.findByRole('combobox', { name: /^Role of employment@partner.example/ });
    fireEvent.change(choice, { target: { value: 'advisor' } });
    fireEvent.click(screen.getByRole('button', { name: /^Change role: employment@partner.example/ }));
    await waitFor(() => expect(role).toBe('advisor'));
    await waitFor(() =>
      expect(
        screen.getByRole<HTMLSelectElement>('combobox', { name: /^Role of employment@partner.example/ })
          .value,
      ).toBe('advisor'),
    );
    // The same select (the row was not drawn anew), and it has the focus.
    expect(screen.getByRole('combobox', { name: /^Role of employment@partner.example/ })).toBe(choice);
    await waitFor(() => expect(document.activeElement).toBe(choice));
  });

  it('puts the keyboard on the members heading once a member is deactivated', async () => {
    let status: Member['status'] = 'active';
    mockFetch((call) => {
      if (call.method === 'DELETE') {
        status = 'deactivated';
        return { status: 204, body: null };
      }
      return call.url.includes('/invitations')
        ? { status: 200, body: { items: [], nextCursor: null } }
        : { status: 200, body: { items: [member({ status })], nextCursor: null } };
    });
    await renderInPortal(<MembersPanel organisationId={ORG} selfUserId="someone-else" />, 'en');
    fireEvent.click(await screen.findByRole('button', { name: /^Deactivate: employment/ }));
    const dialog = screen.getByRole('alertdialog');
    fireEvent.click(within(dialog).getAllByRole('button')[0]);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    await waitFor(() => expect(screen.queryByRole('button', { name: /^Deactivate: / })).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Members' }));
  });

  const invitation = (overrides: Partial<Invitation>): Invitation =>
    ({
      id: 'a1111111-1111-4111-8111-111111111111',
      organisationId: ORG,
      email: 'new@partner.example',
      role: 'partner_staff',
      language: null,
      createdAt: '2026-01-01T00:00:00Z',
      expiresAt: '2026-01-08T00:00:00Z',
      ...overrides,
    }) as Invitation;

  it("moves the keyboard to the resent invitation's new row", async () => {
    let open = invitation({});
    mockFetch((call) => {
      if (call.method === 'POST') {
        open = invitation({ id: 'b2222222-2222-4222-8222-222222222222' });
        return { status: 201, body: open };
      }
      return call.url.includes('/invitations')
        ? { status: 200, body: { items: [open], nextCursor: null } }
        : { status: 200, body: { items: [member({})], nextCursor: null } };
    });
    await renderInPortal(<MembersPanel organisationId={ORG} selfUserId="someone-else" />, 'en');
    fireEvent.click(await screen.findByRole('button', { name: 'Resend: new@partner.example' }));
    await waitFor(() =>
      expect(
        document.querySelector('tr[data-invitation-id="b2222222-2222-4222-8222-222222222222"]'),
      ).not.toBeNull(),
    );
    const row = document.querySelector(
      'tr[data-invitation-id="b2222222-2222-4222-8222-222222222222"]',
    ) as HTMLElement;
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(row).getByRole('button', { name: 'Resend: new@partner.example' }),
      ),
    );
  });

  it('asks before revoking an invitation, then puts the keyboard on the invitations heading', async () => {
    let items = [invitation({})];
    const calls = mockFetch((call) => {
      if (call.method === 'DELETE' || call.method === 'POST') {
        items = [];
        return { status: 204, body: null };
      }
      return call.url.includes('/invitations')
        ? { status: 200, body: { items, nextCursor: null } }
        : { status: 200, body: { items: [member({})], nextCursor: null } };
    });
    await renderInPortal(<MembersPanel organisationId={ORG} selfUserId="someone-else" />, 'en');
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke: new@partner.example' }));
    // Nothing is sent before the confirmation, and cancelling sends nothing.
    const dialog = screen.getByRole('alertdialog', { name: 'Revoke the invitation to new@partner.example?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls.filter((call) => call.method !== 'GET')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke: new@partner.example' }));
    fireEvent.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Revoke invitation' }),
    );
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(calls.filter((call) => call.method !== 'GET')).toHaveLength(1);
    await waitFor(() => expect(document.querySelector('tr[data-invitation-id]')).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: /invitations/i }));
  });

  it('counts in the singular for one member', async () => {
    mockFetch((call) =>
      call.url.includes('/invitations')
        ? { status: 200, body: { items: [], nextCursor: null } }
        : { status: 200, body: { items: [member({})], nextCursor: null } },
    );
    await renderInPortal(<MembersPanel organisationId={ORG} selfUserId="someone-else" />, 'en');
    expect(await screen.findByText('1 member shown')).toBeTruthy();
  });

  it("offers only the administrator's role to a platform admin's invitation, and says a refusal in words", async () => {
    const calls = mockFetch((call) => {
      if (call.method === 'POST') {
        return {
          status: 403,
          body: {
            code: 'AUTH.FORBIDDEN',
            message: 'forbidden',
            details: [{ field: 'role', reasons: ['role must be org_admin'] }],
            correlationId: 'corr-role',
          },
        };
      }
      return call.url.includes('/invitations')
        ? { status: 200, body: { items: [], nextCursor: null } }
        : { status: 200, body: { items: [], nextCursor: null } };
    });
    await renderInPortal(<MembersPanel organisationId={ORG} inviteRoles={['org_admin']} />, 'fi');
    // One role to give: said in a read-only field, not offered in a select of one.
    const role = await screen.findByLabelText<HTMLInputElement>('Rooli');
    expect(role.tagName).toBe('INPUT');
    expect(role.readOnly).toBe(true);
    expect(role.value).toBe('Organisaation pääkäyttäjä');
    fireEvent.change(screen.getByLabelText('Sähköpostiosoite'), { target: { value: 'admin@new.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lähetä kutsu' }));
    await screen.findByRole('heading', { name: /Lomakkeessa on virheitä/ });
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      email: 'admin@new.example',
      role: 'org_admin',
    });
    expect(document.body.textContent).not.toContain('org_admin');
    expect(document.body.textContent).toContain('Rooli: on oltava Organisaation pääkäyttäjä');
  });
});
