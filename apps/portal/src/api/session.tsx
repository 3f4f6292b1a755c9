// The signed-in session (GET /auth/session): who, for which organisation, in which role, and the
// CSRF token. No session means the login, coming back to the page the user asked for.
import { createContext, useContext, type ReactNode } from 'react';
import { ApiError, api, loginUrl, setCsrfToken } from './client';
import type { Role, Session } from './types';

export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/auth/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return null;
    }
    throw error;
  }
}

/** Leaves the page for the login; `returnTo` is the current path and query. */
export function redirectToLogin(language?: string): void {
  const { pathname, search } = window.location;
  window.location.assign(loginUrl(`${pathname}${search}`, language));
}

export interface SessionContextValue {
  session: Session;
  /** When the session was read (its expiresAt is relative to this moment). */
  loadedAt: number;
  /** Reads the session again (after an organisation switch). */
  reload(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ value, children }: { value: SessionContextValue; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) {
    throw new Error('useSession outside SessionProvider');
  }
  return value;
}

export function useRole(): Role | null {
  return useSession().session.role;
}
