import type { ErrorCode } from '#contracts';

function assertUnreachable(value: never): never {
  throw new Error(`Unmapped error code: ${String(value)}`);
}

/** The one place where a stable error code becomes an HTTP status (api.md, "Conventions"). */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION.FAILED':
    case 'REQUEST.MALFORMED_JSON':
      return 400;
    case 'AUTH.TOKEN_MISSING':
    case 'AUTH.TOKEN_MALFORMED':
    case 'AUTH.TOKEN_INVALID':
    case 'AUTH.TOKEN_EXPIRED':
    case 'AUTH.TOKEN_WRONG_AUDIENCE':
      return 401;
    case 'AUTH.FORBIDDEN':
    case 'AUTH.CSRF':
    case 'REFERRAL.TRANSITION_NOT_ALLOWED':
      return 403;
    case 'ROUTE.NOT_FOUND':
    case 'RESOURCE.NOT_FOUND':
      return 404;
    case 'RESOURCE.CONFLICT':
    case 'CLIENT.POSSIBLE_DUPLICATE':
    case 'CLIENT.ERASED':
    case 'CONSENT.ALREADY_WITHDRAWN':
    case 'CONSENT.NOT_ACTIVE':
    case 'REFERRAL.ILLEGAL_TRANSITION':
    case 'REFERRAL.POSSIBLE_DUPLICATE':
    case 'ORGANISATION.BUSINESS_ID_TAKEN':
    case 'MEMBER.ALREADY_MEMBER':
    case 'INVITATION.CLOSED':
      return 409;
    case 'RESOURCE.PRECONDITION_FAILED':
      return 412;
    case 'REQUEST.TOO_LARGE':
      return 413;
    case 'RULE.VIOLATED':
    case 'CONSENT.NOT_COVERED':
    case 'REFERRAL.REASON_REQUIRED':
    case 'REFERRAL.RECIPIENT_UNAVAILABLE':
    case 'ORGANISATION.AGREEMENT_VERSION_MISMATCH':
    case 'ORGANISATION.DEACTIVATED':
    case 'MEMBER.SELF_CHANGE':
      return 422;
    case 'RATE.LIMITED':
      return 429;
    case 'INTERNAL.ERROR':
      return 500;
    case 'SERVICE.UNAVAILABLE':
      return 503;
    default:
      return assertUnreachable(code);
  }
}
