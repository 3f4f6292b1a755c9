// Who the caller is to a referral, and the other rules that need no database: pure functions, unit-tested.
import {
  AppError,
  isPlatformAdmin,
  type Actor,
  type DataCategory,
  type ReferralMinimalView,
} from '#contracts';
import type { ReferralEntity } from './referral.entity.js';
import type { Party } from './referral-state-machine.js';

// Only partner staff act for the receiving organisation: its org_admin (and anyone else) is no party.
// Partner staff, and advisors of an organisation that also receives (the network is two-way: the
// employment services refer clients to MONI too). Never its org_admin: account managers read no case files.
export const RECEIVER_ROLES: readonly string[] = ['partner_staff', 'advisor'];

/** The party the actor is on for this referral, or null when it is none of theirs (404). */
export function partyOf(actor: Actor, referral: ReferralEntity): Party | null {
  if (
    actor.organisationId &&
    actor.organisationId === referral.sendingOrganisationId &&
    actor.role === 'advisor'
  ) {
    return 'sender';
  }
  if (
    actor.organisationId &&
    referral.kind === 'platform' &&
    // Sent at some time: a draft, even one cancelled before sending, is never the receiver's.
    referral.sentAt !== null &&
    actor.organisationId === referral.receivingOrganisationId &&
    actor.role !== null &&
    RECEIVER_ROLES.includes(actor.role)
  ) {
    return 'receiver';
  }
  if (isPlatformAdmin(actor)) {
    return 'admin';
  }
  return null;
}

/** The sending organisation of an advisor; 403 for anyone else. */
export function requireAdvisor(actor: Actor): string {
  if (!actor.organisationId || actor.role !== 'advisor') {
    throw new AppError('AUTH.FORBIDDEN', 'Only advisors send referrals');
  }
  return actor.organisationId;
}

/** The organisation whose box the actor may list; 403 when the role has no such box. */
export function requireBoxOwner(actor: Actor, box: 'incoming' | 'outgoing'): string {
  const allowed = box === 'outgoing' ? ['advisor'] : RECEIVER_ROLES;
  if (!actor.organisationId || !actor.role || !allowed.includes(actor.role)) {
    throw new AppError('AUTH.FORBIDDEN', `Your role does not have an ${box} box`);
  }
  return actor.organisationId;
}

/** A need whose referral must share a category (special category data needs its explicit consent). */
const NEED_REQUIRES: Partial<Record<string, DataCategory>> = { health: 'health' };

/** 422 REFERRAL.CATEGORY_REQUIRED when the need requires a category the referral does not share. */
export function requireNeedCategories(need: string, categories: readonly string[]): void {
  const required = NEED_REQUIRES[need];
  if (required && !categories.includes(required)) {
    throw new AppError(
      'REFERRAL.CATEGORY_REQUIRED',
      `A referral for the need "${need}" must share the "${required}" category (and its consent)`,
      { field: 'categories', missingCategories: [required] },
    );
  }
}

/** 412 when the caller's version (If-Match) is not the referral's. */
export function checkVersion(referral: Pick<ReferralEntity, 'version'>, expected: number | undefined): void {
  if (expected !== undefined && expected !== referral.version) {
    throw new AppError('RESOURCE.PRECONDITION_FAILED', 'The referral has changed since you last saw it', {
      currentVersion: referral.version,
      expectedVersion: expected,
    });
  }
}

/** What a platform administrator gets back from a referral: never its content. */
export const toMinimalView = (
  referral: Pick<ReferralEntity, 'id' | 'status' | 'version'>,
): ReferralMinimalView => ({
  id: referral.id,
  status: referral.status,
  version: referral.version,
});

export function referralNotFound(): AppError {
  return new AppError('RESOURCE.NOT_FOUND', 'No such referral');
}
