// Who may do what in the partners service. Services call these with the envelope's actor first.
// The actor policy itself (no actor, the system, platform_admin) is the one of #contracts.
import { AppError, isPlatformAdmin, requireActor, type Actor } from '#contracts';

export function requirePlatformAdmin(actor: Actor | null): Actor {
  const known = requireActor(actor);
  if (!isPlatformAdmin(known)) {
    throw new AppError('AUTH.FORBIDDEN', 'Only a platform administrator may do this');
  }
  return known;
}

export const notFound = (what = 'organisation'): AppError =>
  new AppError('RESOURCE.NOT_FOUND', `No such ${what}`);

/**
 * The organisation's administration (members, profile): platform_admin for every organisation, an
 * org_admin for their own. Another organisation is 404 (not yours); one's own without the role, 403.
 */
export function requireOrganisationAdmin(actor: Actor | null, organisationId: string): Actor {
  const known = requireActor(actor);
  if (isPlatformAdmin(known)) {
    return known;
  }
  if (known.organisationId !== organisationId) {
    throw notFound();
  }
  if (known.role !== 'org_admin') {
    throw new AppError('AUTH.FORBIDDEN', "Only the organisation's administrator may do this");
  }
  return known;
}

/** Reading an organisation: platform_admin any, a member their own. */
export function requireOrganisationReader(actor: Actor | null, organisationId: string): Actor {
  const known = requireActor(actor);
  if (!isPlatformAdmin(known) && known.organisationId !== organisationId) {
    throw notFound();
  }
  return known;
}
