// Who may do what in the clients service. Services call these with the envelope's actor first.
import { AppError, type Actor } from '#contracts';

/** The caller of a service method: who, on whose behalf, and the request's correlation id. */
export interface CallContext {
  actor: Actor;
  correlationId: string;
}

/** An advisor acting for an organisation: the only role that works with client records. */
export interface AdvisorActor extends Actor {
  organisationId: string;
}

export function requireAdvisor(actor: Actor | null): AdvisorActor {
  if (actor === null) {
    throw new AppError('AUTH.FORBIDDEN', 'The request has no actor');
  }
  if (actor.role !== 'advisor' || actor.organisationId === null) {
    throw new AppError('AUTH.FORBIDDEN', "Only an advisor may work with clients' data");
  }
  return actor as AdvisorActor;
}

/** Any member of an organisation (other services acting for a user, e.g. the consent check). */
export function requireOrganisationMember(actor: Actor | null): AdvisorActor {
  if (actor === null || actor.organisationId === null) {
    throw new AppError('AUTH.FORBIDDEN', 'The request is not bound to an organisation');
  }
  return actor as AdvisorActor;
}

export const clientNotFound = (): AppError => new AppError('RESOURCE.NOT_FOUND', 'No such client');
export const consentNotFound = (): AppError => new AppError('RESOURCE.NOT_FOUND', 'No such consent');
