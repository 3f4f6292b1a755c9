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
      return 403;
    case 'ROUTE.NOT_FOUND':
    case 'RESOURCE.NOT_FOUND':
      return 404;
    case 'RESOURCE.CONFLICT':
      return 409;
    case 'RESOURCE.PRECONDITION_FAILED':
      return 412;
    case 'REQUEST.TOO_LARGE':
      return 413;
    case 'RULE.VIOLATED':
    case 'CONSENT.NOT_COVERED':
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
