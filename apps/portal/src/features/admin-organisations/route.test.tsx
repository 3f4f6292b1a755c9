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

  const show = async () =>
    renderInPortal(
      <WithSession session={session}>
        <OrganisationsScreen />
      </WithSession>,
    );

  it('keeps the keyboard on the row once the organisation is deactivated (its Activate button)', async () => {
    let current = organisation;
    mockFetch((call) => {
      if (call.method === 'POST') {
        current = { ...organisation, status: 'deactivated', version: 3 };
        return { status: 200, body: current };
      }
      return { status: 200, body: { items: [current], nextCursor: null } };
    });
    await show();
    expect(await screen.findByText('1 organisation shown')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Deactivate: Seinäjoen seudun työllisyyspalvelut' }));
    fireEvent.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Deactivate organisation' }),
    );
    const activate = await screen.findByRole('button', {
      name: 'Activate: Seinäjoen seudun työllisyyspalvelut',
    });
    await waitFor(() => expect(document.activeElement).toBe(activate));
  });

  it('takes the keyboard to the list when a state filter leaves out the row just deactivated', async () => {
    let current = organisation;
    mockFetch((call) => {
      if (call.method === 'POST') {
        current = { ...organisation, status: 'deactivated', version: 3 };
        return { status: 200, body: current };
      }
      const active = call.url.includes('status=active');
      return {
        status: 200,
        body: { items: active && current.status !== 'active' ? [] : [current], nextCursor: null },
      };
    });
    await show();
    fireEvent.change(await screen.findByLabelText('State'), { target: { value: 'active' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.getByText('1 organisation shown')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Deactivate: Seinäjoen seudun työllisyyspalvelut' }));
    fireEvent.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Deactivate organisation' }),
    );
    expect(await screen.findByText('No organisation matches the search.')).toBeTruthy();
    expect(document.activeElement).toBe(document.getElementById('orgs-heading'));
  });

  it("opens the create form at its heading, then takes the keyboard to the new organisation's members", async () => {
    mockFetch((call) =>
      call.method === 'POST'
        ? { status: 201, body: { ...organisation, status: 'pending_agreement' } }
        : {
            status: 200,
            body: {
              items:
                call.url.includes('/organisations?') || call.url.endsWith('/organisations')
                  ? [organisation]
                  : [],
              nextCursor: null,
            },
          },
    );
    await show();
    fireEvent.click(await screen.findByRole('button', { name: 'Create an organisation' }));
    await waitFor(() => expect(document.getElementById('new-org-heading')).not.toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(document.getElementById('new-org-heading')));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Create an organisation' })),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Create an organisation' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create organisation' }));
    await waitFor(() => expect(document.getElementById('selected-org-heading')).not.toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(document.getElementById('selected-org-heading')));
  });

  it('changes whether an organisation sends or receives referrals, and refuses neither', async () => {
    let current = organisation;
    const calls = mockFetch((call) => {
      if (call.method === 'PATCH') {
        current = { ...organisation, ...(call.body as object), version: 3 };
        return { status: 200, body: current };
      }
      return { status: 200, body: { items: [current], nextCursor: null } };
    });
    await show();
    const row = (await screen.findByText('Seinäjoen seudun työllisyyspalvelut')).closest('tr')!;
    expect(row.querySelector('[data-organisation-participation]')?.textContent).toBe('sends, receives');
    fireEvent.click(
      within(row).getByRole('button', {
        name: 'Change: Referrals of Seinäjoen seudun työllisyyspalvelut',
      }),
    );
    const dialog = screen.getByRole('alertdialog');
    fireEvent.click(within(dialog).getByLabelText('May send referrals'));
    fireEvent.click(within(dialog).getByLabelText('May receive referrals'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    // Said in the dialog's alert: focus stays on Save, and a screen reader hears it there.
    expect(within(dialog).getByRole('alert').textContent).toBe(
      'Choose at least one: an organisation that neither sends nor receives referrals has no part in the network.',
    );
    expect(calls.filter((call) => call.method === 'PATCH')).toEqual([]);

    fireEvent.click(within(dialog).getByLabelText('May receive referrals'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    const patches = calls.filter((call) => call.method === 'PATCH');
    expect(patches.map(({ url, body, headers }) => ({ url, body, ifMatch: headers['If-Match'] }))).toEqual([
      { url: `/api/v1/organisations/${ORG}`, body: { canSend: false, canReceive: true }, ifMatch: '"2"' },
    ]);
    expect(
      await screen.findByText('Seinäjoen seudun työllisyyspalvelut: referral settings saved.'),
    ).toBeTruthy();
    await waitFor(() =>
      expect(document.querySelector('[data-organisation-participation]')?.textContent).toBe('receives'),
    );
  });

  it('keeps the keyboard inside the referrals dialog, its choices included', async () => {
    mockFetch(() => ({ status: 200, body: { items: [organisation], nextCursor: null } }));
    await show();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Change: Referrals of Seinäjoen seudun työllisyyspalvelut' }),
    );
    const dialog = screen.getByRole('alertdialog');
    const firstChoice = within(dialog).getByLabelText('May send referrals');
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    // Shift+Tab from the first choice wraps to the last button, not to the page behind the dialog.
    firstChoice.focus();
    fireEvent.keyDown(firstChoice, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(cancel);
    // Tab from the last button wraps to the dialog's heading, then on to the choices.
    fireEvent.keyDown(cancel, { key: 'Tab' });
    expect(document.activeElement).toBe(within(dialog).getByRole('heading'));
  });

  it('shows the newest settings after a conflicting save, and saves on that version', async () => {
    let current = organisation;
    const calls = mockFetch((call) => {
      if (call.method === 'PATCH' && call.headers['If-Match'] === '"2"') {
        // Someone else made it a receiver only meanwhile.
        current = { ...organisation, canSend: false, version: 3 };
        return {
          status: 412,
          body: { code: 'RESOURCE.PRECONDITION_FAILED', message: 'changed', correlationId: 'c412' },
        };
      }
      if (call.method === 'PATCH') {
        current = { ...current, ...(call.body as object), version: 4 };
        return { status: 200, body: current };
      }
      return { status: 200, body: { items: [current], nextCursor: null } };
    });
    await show();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Change: Referrals of Seinäjoen seudun työllisyyspalvelut' }),
    );
    const dialog = screen.getByRole('alertdialog');
    fireEvent.click(within(dialog).getByLabelText('May receive referrals'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText(
        'Someone else changed the organisation in the meantime. Its current settings are shown now: choose again and save.',
      ),
    ).toBeTruthy();
    await waitFor(() =>
      expect(within(dialog).getByLabelText<HTMLInputElement>('May send referrals').checked).toBe(false),
    );
    expect(within(dialog).getByLabelText<HTMLInputElement>('May receive referrals').checked).toBe(true);
    fireEvent.click(within(dialog).getByLabelText('May send referrals'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(
      calls
        .filter((call) => call.method === 'PATCH')
        .map(({ body, headers }) => ({ body, ifMatch: headers['If-Match'] })),
    ).toEqual([
      { body: { canSend: true, canReceive: false }, ifMatch: '"2"' },
      { body: { canSend: true, canReceive: true }, ifMatch: '"3"' },
    ]);
  });

  it('says that nothing was found instead of an empty table', async () => {
    mockFetch(() => ({ status: 200, body: { items: [], nextCursor: null } }));
    await show();
    expect(await screen.findByText('No organisation matches the search.')).toBeTruthy();
    expect(document.querySelector('table')).toBeNull();
  });

  it("offers only the organisation administrator's role in an organisation's invite form", async () => {
    mockFetch((call) =>
      call.url.includes(`/organisations/${ORG}/`)
        ? { status: 200, body: { items: [], nextCursor: null } }
        : { status: 200, body: { items: [organisation], nextCursor: null } },
    );
    await show();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Members: Seinäjoen seudun työllisyyspalvelut' }),
    );
    const role = await screen.findByLabelText<HTMLInputElement>('Role');
    expect(role.readOnly).toBe(true);
    expect(role.value).toBe('Organisation administrator');
  });
});
