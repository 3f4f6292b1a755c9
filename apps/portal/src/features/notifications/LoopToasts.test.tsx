import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { renderInPortal, screen } from '../../../test/render';
import { SessionProvider } from '../../api/session';
import type { Session } from '../../api/types';
import { invalidateFor } from '../../shell/live-updates';
import { LoopToasts } from './LoopToasts';

const MONI = '0b7e0c52-3f1e-4c6a-9d2b-0a1e5f3c9d01';
const EMPLOYMENT = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d02';
const REFERRAL = '3f6c1c0e-8a4e-4a51-9d55-6c1e0c3f0b11';
const ME = 'user-advisor';

const session: Session = {
  user: { userId: ME, username: 'advisor', email: null },
  organisations: [{ id: MONI, name: 'MONI', role: 'advisor' }],
  activeOrganisationId: MONI,
  role: 'advisor',
  csrfToken: 'csrf',
  expiresAt: '2099-01-01T00:00:00Z',
  idleExpiresAt: '2099-01-01T00:00:00Z',
  absoluteExpiresAt: '2099-01-01T00:00:00Z',
};

let client: QueryClient | null = null;

function Harness({ cached }: { cached: boolean }) {
  client = useQueryClient();
  if (cached) {
    client.setQueryData(['referral', REFERRAL], {
      id: REFERRAL,
      sendingOrganisation: { id: MONI, name: { fi: 'MONI', sv: null, en: null } },
      receivingOrganisation: {
        id: EMPLOYMENT,
        name: { fi: 'Työllisyyspalvelut', sv: 'Sysselsättningstjänsterna', en: 'Employment services' },
      },
    });
  }
  return (
    <SessionProvider value={{ session, loadedAt: Date.now(), reload: () => Promise.resolve() }}>
      <LoopToasts />
    </SessionProvider>
  );
}

const statusChanged = (to: string, actorUserId: string | null, reasonCode: string | null = null) => ({
  type: 'events.referrals.referral.status_changed',
  data: {
    referralId: REFERRAL,
    sendingOrganisationId: MONI,
    receivingOrganisationId: EMPLOYMENT,
    from: 'received',
    to,
    reasonCode,
    actorUserId,
  },
});

describe('LoopToasts', () => {
  it("says in a toast what the partner did, with the partner's name in the language", async () => {
    await renderInPortal(<Harness cached />, 'en');
    act(() =>
      invalidateFor(
        client as QueryClient,
        'referrals.referral.status_changed',
        statusChanged('accepted', 'user-partner'),
      ),
    );
    expect(
      (await screen.findByText('Employment services accepted the referral')).closest('[role="status"]'),
    ).not.toBeNull();
  });

  it('does not repeat the viewer’s own step, and names the other side generically when nothing is cached', async () => {
    await renderInPortal(<Harness cached={false} />, 'sv');
    act(() =>
      invalidateFor(
        client as QueryClient,
        'referrals.referral.status_changed',
        statusChanged('accepted', ME),
      ),
    );
    act(() =>
      invalidateFor(
        client as QueryClient,
        'referrals.referral.status_changed',
        statusChanged('completed', 'user-partner'),
      ),
    );
    expect(await screen.findByText('Den mottagande organisationen markerade remissen som klar')).toBeTruthy();
    expect(screen.queryByText(/godkände remissen/)).toBeNull();
  });

  it.each([
    ['consent_withdrawn', 'A referral was cancelled: the client’s consent ended.'],
    ['expired', 'A referral was cancelled: it was not answered in time.'],
  ])(
    'says why the system cancelled a referral (%s), naming no organisation as its actor',
    async (reason, text) => {
      await renderInPortal(<Harness cached />, 'en');
      act(() =>
        invalidateFor(
          client as QueryClient,
          'referrals.referral.status_changed',
          statusChanged('cancelled', null, reason),
        ),
      );
      expect(await screen.findByText(text)).toBeTruthy();
      expect(screen.queryByText('Employment services cancelled the referral')).toBeNull();
    },
  );
});
