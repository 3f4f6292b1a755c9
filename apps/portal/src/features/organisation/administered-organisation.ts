// The organisation the /organisation pages are about. The role gate (shell/RoleGate.tsx) lets only
// an organisation's administrator reach them, and a session has a role only for its active
// organisation, so the id is there whenever these pages render.
import { useSession } from '../../api/session';

export function useAdministeredOrganisation(): string {
  const { session } = useSession();
  if (session.role !== 'org_admin' || session.activeOrganisationId === null) {
    throw new Error('an organisation page rendered outside the role gate');
  }
  return session.activeOrganisationId;
}
