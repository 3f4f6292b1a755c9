import { act, fireEvent, waitFor } from '@testing-library/react';
import { mockFetch } from '../../../test/mock-fetch';
import { renderInPortal, screen } from '../../../test/render';
import { ReceiverActions } from './ReceiverActions';
import { useReferralDetail, type ReferralDetail } from './queries';

const ID = '3f6c1c0e-8a4e-4a51-9d55-6c1e0c3f0b11';

function referral(overrides: Partial<ReferralDetail> = {}): ReferralDetail {
  return {
    id: ID,
    kind: 'platform',
    status: 'received',
    version: 3,
    clientId: null,
    need: 'employment',
    urgency: 'routine',
    serviceId: null,
    sendingOrganisation: { id: 'org-moni', name: { fi: 'MONI', sv: null, en: null } },
    receivingOrganisation: { id: 'org-te', name: { fi: 'TE', sv: null, en: null } },
    createdAt: '2026-12-01T08:00:00Z',
    sentAt: '2026-12-01T08:00:00Z',
    dueAt: '2026-12-04T22:00:00Z',
    overdue: false,
    closedAt: null,
    sender: { id: 'user-1', username: 'advisor' },
    reason: 'Looking for work',
    language: null,
    interpreterNeeded: false,
    categories: [],
    consentId: null,
    sharedDataRedacted: false,
    reasonCode: null,
    reasonText: null,
    outcomeCode: null,
    history: [],
    ...overrides,
  };
}

/** The page as the referral page has it: the referral from the query, the actions under it. */
function Page() {
  const detail = useReferralDetail(ID);
  return detail.data ? (
    <div data-version={detail.data.version}>
      <ReceiverActions referral={detail.data} />
    </div>
  ) : (
    <p>loading</p>
  );
}

describe('ReceiverActions', () => {
  afterEach(() => jest.restoreAllMocks());

  it('refuses a rejection without a reason: error summary, focus on it, nothing sent', async () => {
    const calls = mockFetch(() => ({ status: 200, body: referral({ status: 'rejected', version: 4 }) }));
    await renderInPortal(<ReceiverActions referral={referral()} />, 'en');
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(await screen.findByRole('heading', { name: 'Reject the referral' })).toBeTruthy();
    // No longer than the API takes, and the user told so.
    expect(screen.getByLabelText<HTMLTextAreaElement>(/More information/).maxLength).toBe(2000);
    expect(screen.getByText('At most 2,000 characters.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    const summary = await screen.findByRole('heading', { name: /1 error/ });
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(screen.getAllByText('Choose a reason.').length).toBeGreaterThanOrEqual(1);
    expect(screen.getByLabelText('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(calls).toHaveLength(0);

    // With a reason (the typed text kept), it goes out with If-Match.
    fireEvent.change(screen.getByLabelText(/More information/), { target: { value: 'Full this month' } });
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'no_capacity' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ url: `/api/v1/referrals/${ID}/transitions`, method: 'POST' });
    expect(calls[0]?.headers['If-Match']).toBe('"3"');
    expect(calls[0]?.body).toEqual({
      to: 'rejected',
      reasonCode: 'no_capacity',
      reasonText: 'Full this month',
    });
  });

  it('in Finnish too: the reason is required before anything is sent; cancel gives focus back', async () => {
    const calls = mockFetch(() => ({ status: 500, body: {} }));
    await renderInPortal(<ReceiverActions referral={referral()} />, 'fi');
    fireEvent.click(screen.getByRole('button', { name: 'Hylkää' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Vahvista' }));
    expect((await screen.findAllByText('Valitse syy.')).length).toBeGreaterThanOrEqual(1);
    expect(calls).toHaveLength(0);

    // Cancelling gives focus back to the button that opened the dialog.
    fireEvent.click(screen.getByRole('button', { name: 'Peruuta' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Hylkää lähete' })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Hylkää' })));
    expect(calls).toHaveLength(0);
  });

  it('explains a 412 and reloads the current version, leaving nothing stale', async () => {
    let version = 3;
    const calls = mockFetch((call) => {
      if (call.method === 'POST') {
        // A colleague accepted it meanwhile.
        version = 4;
        return {
          status: 412,
          body: { code: 'RESOURCE.PRECONDITION_FAILED', message: 'stale', correlationId: 'corr-1' },
        };
      }
      return {
        status: 200,
        body: referral(version === 3 ? {} : { status: 'accepted', version: 4 }),
      };
    });
    await renderInPortal(<Page />, 'en');
    fireEvent.click(await screen.findByRole('button', { name: 'Accept' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Someone else changed this referral in the meantime');
    expect(screen.queryByRole('button', { name: 'Accept' })).toBeNull();
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Reload the referral' })),
    );
    expect(calls.filter((call) => call.method === 'POST')[0]?.headers['If-Match']).toBe('"3"');

    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Reload the referral' }));
    });
    // The current version, with the actions of its status, and the notice gone.
    expect(await screen.findByRole('button', { name: 'Start' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.querySelector('[data-version]')?.getAttribute('data-version')).toBe('4');
    expect(calls.filter((call) => call.method === 'GET')).toHaveLength(2);
  });
});
