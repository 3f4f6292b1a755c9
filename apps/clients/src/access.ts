// Who may do what in the clients service. Services call these with the envelope's actor first.
import { AppError, requireActor, type Actor } from '#contracts';

/** An advisor acting for an organisation: the only role that works with client records. */
export interface AdvisorActor extends Actor {
  organisationId: string;
}

export function requireAdvisor(actor: Actor | null): AdvisorActor {
  const known = requireActor(actor);
  if (known.role !== 'advisor' || known.organisationId === null) {
    throw new AppError('AUTH.FORBIDDEN', "Only an advisor may work with clients' data");
  }
  return known as AdvisorActor;
}

/** Any member of an organisation (other services acting for a user, e.g. the consent check). */
export function requireOrganisationMember(actor: Actor | null): AdvisorActor {
  const known = requireActor(actor);
  if (known.organisationId === null) {
    throw new AppError('AUTH.FORBIDDEN', 'The request is not bound to an organisation');
  }
  return known as AdvisorActor;
}

export const clientNotFound = (): AppError => new AppError('RESOURCE.NOT_FOUND', 'No such client');
export const consentNotFound = (): AppError => new AppError('RESOURCE.NOT_FOUND', 'No such consent');
