import { fireEvent, waitFor } from '@testing-library/react';
import { mockFetch } from '../../../test/mock-fetch';
import { renderInPortal, screen } from '../../../test/render';
import { SessionProvider } from '../../api/session';
import type { Session } from '../../api/types';
import { Assignee } from './Assignee';
import type { ReferralDetail } from './queries';

const ORG = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d02';
const ME = '4dc2bf6d-b6cd-4e4d-acf0-5898634c7b96';
const COLLEAGUE = '9e1f0a3b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const REFERRAL = '3f6c1c0e-8a4e-4a51-9d55-6c1e0c3f0b11';

const session: Session = {
  user: { userId: ME, username: 'employment', email: null },
  organisations: [{ id: ORG, name: 'TE', role: 'partner_staff' }],
  activeOrganisationId: ORG,
  role: 'partner_staff',
  csrfToken: 'csrf',
  expiresAt: '2099-01-01T00:00:00Z',
  idleExpiresAt: '2099-01-01T00:00:00Z',
  absoluteExpiresAt: '2099-01-01T00:00:00Z',
};

const referral = { id: REFERRAL, version: 4, assigneeId: null } as unknown as ReferralDetail;

describe('Assignee', () => {
  it("offers the organisation's staff by name (from the staff's own list) and assigns one", async () => {
    const calls = mockFetch((call) => {
      if (call.url.startsWith(`/api/v1/organisations/${ORG}/colleagues`)) {
        return {
          status: 200,
          body: {
            items: [
              { userId: ME, displayName: 'Elina Employment', role: 'partner_staff' },
              { userId: COLLEAGUE, displayName: 'Ville Virtanen', role: 'partner_staff' },
              // No party to referrals: not offered.
              { userId: ORG, displayName: 'Anna Admin', role: 'org_admin' },
            ],
            nextCursor: null,
          },
        };
      }
      return { status: 200, body: { ...referral, version: 5, assigneeId: COLLEAGUE } };
    });
    await renderInPortal(
      <SessionProvider value={{ session, loadedAt: Date.now(), reload: () => Promise.resolve() }}>
        <Assignee referral={referral} />
      </SessionProvider>,
    );
    const select = await screen.findByLabelText<HTMLSelectElement>('Who works on this referral');
    await waitFor(() =>
      expect([...select.options].map((option) => option.textContent)).toEqual([
        'Nobody',
        'Me',
        'Ville Virtanen (Partner staff)',
      ]),
    );
    expect(calls[0].url).toBe(`/api/v1/organisations/${ORG}/colleagues?limit=100`);
    fireEvent.change(select, { target: { value: COLLEAGUE } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the assignee' }));
    await waitFor(() => expect(calls.some((call) => call.method === 'PATCH')).toBe(true));
    const patch = calls.find((call) => call.method === 'PATCH')!;
    expect(patch.url).toBe(`/api/v1/referrals/${REFERRAL}`);
    expect(patch.body).toEqual({ assigneeId: COLLEAGUE });
    expect(patch.headers['If-Match']).toBe('"4"');
  });
});
