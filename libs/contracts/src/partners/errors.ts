// Error codes of the partners service; each must also be mapped in apps/gateway/src/errors/http-status.ts.

export const PARTNERS_ERROR_CODES = [
  /** Another organisation already has this business ID (409). */
  'ORGANISATION.BUSINESS_ID_TAKEN',
  /** The agreement version is not the current one (422). */
  'ORGANISATION.AGREEMENT_VERSION_MISMATCH',
  /** The organisation is deactivated: it cannot accept an agreement, invite or be deactivated again (422). */
  'ORGANISATION.DEACTIVATED',
  /** The caller tried to change their own role or deactivate their own membership (422). */
  'MEMBER.SELF_CHANGE',
  /** The e-mail already belongs to an active member of the organisation (409). */
  'MEMBER.ALREADY_MEMBER',
  /** The invitation has been accepted, revoked or has expired (409). */
  'INVITATION.CLOSED',
] as const;

export type PartnersErrorCode = (typeof PARTNERS_ERROR_CODES)[number];
