import { fireEvent, screen, waitFor } from '@testing-library/react';
import { SessionProvider } from '../api/session';
import type { Session } from '../api/types';
import { renderInPortal } from '../../test/render';
import { sessionEnd, SessionExpiry } from './SessionExpiry';

const MINUTE = 60_000;

/** A session read now, ending after `idleLeft` unused, and at the latest after `lifetimeLeft`. */
const session = (idleLeft: number, lifetimeLeft = 10 * 60 * MINUTE): Session => {
  const now = Date.now();
  return {
    user: { userId: 'u', username: 'advisor', email: null },
    organisations: [],
    activeOrganisationId: null,
    role: 'advisor',
    csrfToken: 't',
    expiresAt: new Date(now + Math.min(idleLeft, lifetimeLeft)).toISOString(),
    idleExpiresAt: new Date(now + idleLeft).toISOString(),
    absoluteExpiresAt: new Date(now + lifetimeLeft).toISOString(),
  };
};

describe('sessionEnd', () => {
  it('moves the idle end with each answered request, but never past the maximum lifetime', () => {
    const read = session(30 * MINUTE, 40 * MINUTE);
    // The moment the session was read, from the session itself: a second Date.now() may be 1 ms on.
    const loadedAt = Date.parse(read.idleExpiresAt) - 30 * MINUTE;
    expect(sessionEnd(read, loadedAt, loadedAt)).toEqual({ at: loadedAt + 30 * MINUTE, limit: 'idle' });
    // A request 5 minutes later moves the idle end to 35 minutes; still before the lifetime's 40.
    expect(sessionEnd(read, loadedAt, loadedAt + 5 * MINUTE).limit).toBe('idle');
    // One 15 minutes later would move it to 45: the lifetime ends the session first, at 40.
    expect(sessionEnd(read, loadedAt, loadedAt + 15 * MINUTE)).toEqual({
      at: Date.parse(read.absoluteExpiresAt),
      limit: 'lifetime',
    });
  });
});

describe('SessionExpiry', () => {
  it('says nothing while the session has time left', async () => {
    const value = { session: session(20 * MINUTE), loadedAt: Date.now(), reload: jest.fn() };
    await renderInPortal(
      <SessionProvider value={value}>
        <SessionExpiry />
      </SessionProvider>,
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('warns a minute before the idle end and keeps the page when the user stays', async () => {
    const reload = jest.fn(() => Promise.resolve());
    const value = { session: session(MINUTE), loadedAt: Date.now(), reload };
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

  it('warns before the maximum lifetime even while the user is active, without offering to stay', async () => {
    // Idle for 29 more minutes, but the 10 h limit comes in 5: that one is announced.
    const value = { session: session(29 * MINUTE, 5 * MINUTE), loadedAt: Date.now(), reload: jest.fn() };
    await renderInPortal(
      <SessionProvider value={value}>
        <SessionExpiry />
      </SessionProvider>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('reaches its maximum length');
    expect(alert.getAttribute('data-limit')).toBe('lifetime');
    expect(screen.queryByRole('button', { name: 'Stay signed in' })).toBeNull();
  });

  it('offers to sign in again once the session has ended', async () => {
    const value = {
      session: session(-1000),
      loadedAt: Date.now() - 30 * MINUTE,
      reload: jest.fn(),
    };
    await renderInPortal(
      <SessionProvider value={value}>
        <SessionExpiry />
      </SessionProvider>,
    );
    expect(screen.getByRole('button', { name: 'Sign in again' })).toBeTruthy();
  });
});
