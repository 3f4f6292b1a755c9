import { fireEvent, screen, waitFor } from '@testing-library/react';
import { SessionProvider } from '../api/session';
import type { Session } from '../api/types';
import { renderInPortal } from '../../test/render';
import { SessionExpiry } from './SessionExpiry';

const session = (msLeft: number): Session => ({
  user: { userId: 'u', username: 'advisor', email: null },
  organisations: [],
  activeOrganisationId: null,
  role: 'advisor',
  csrfToken: 't',
  expiresAt: new Date(Date.now() + msLeft).toISOString(),
});

describe('SessionExpiry', () => {
  it('says nothing while the session has time left', async () => {
    const value = { session: session(20 * 60_000), loadedAt: Date.now(), reload: jest.fn() };
    await renderInPortal(
      <SessionProvider value={value}>
        <SessionExpiry />
      </SessionProvider>,
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('warns a minute before the end and keeps the page when the user stays', async () => {
    const reload = jest.fn(() => Promise.resolve());
    const value = { session: session(60_000), loadedAt: Date.now(), reload };
    await renderInPortal(
      <SessionProvider value={value}>
        <p>typed text</p>
        <SessionExpiry />
      </SessionProvider>,
    );
    expect(screen.getByRole('alert').textContent).toContain('Your session will end at');
    fireEvent.click(screen.getByRole('button', { name: 'Stay signed in' }));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(screen.getByText('typed text')).toBeTruthy();
  });

  it('offers to sign in again once the session has ended', async () => {
    const value = { session: session(-1000), loadedAt: Date.now() - 30 * 60_000, reload: jest.fn() };
    await renderInPortal(
      <SessionProvider value={value}>
        <SessionExpiry />
      </SessionProvider>,
    );
    expect(screen.getByRole('button', { name: 'Sign in again' })).toBeTruthy();
  });
});
