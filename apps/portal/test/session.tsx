// A signed-in session for component tests: one organisation (none for a platform admin), one role,
// far from expiring; and the provider that hands it to the components.
import type { ReactNode } from 'react';
import { SessionProvider } from '../src/api/session';
import type { Role, Session } from '../src/api/types';

export function sessionAs(role: Role, organisationId: string | null, userId = `user-${role}`): Session {
  return {
    user: { userId, username: role, email: null },
    organisations: organisationId ? [{ id: organisationId, name: 'Org', role }] : [],
    activeOrganisationId: organisationId,
    role,
    csrfToken: 'csrf',
    expiresAt: '2099-01-01T00:00:00Z',
    idleExpiresAt: '2099-01-01T00:00:00Z',
    absoluteExpiresAt: '2099-01-01T00:00:00Z',
  };
}

export function WithSession({ session, children }: { session: Session; children: ReactNode }) {
  return (
    <SessionProvider value={{ session, loadedAt: Date.now(), reload: () => Promise.resolve() }}>
      {children}
    </SessionProvider>
  );
}
