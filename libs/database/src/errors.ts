// What may be said about a database error. TypeORM's QueryFailedError carries the failed query's
// `query`, `parameters` and the driver's error, and PostgreSQL's own fields hold values too
// (`detail` "Key (email)=(...) already exists"; a data error's message quotes the input). What is
// kept: the error's kind, its SQLSTATE and the names of what it concerns, never a value.

/** Names, not values: what PostgreSQL says an error concerns. */
const NAME_FIELDS = [
  'code',
  'severity',
  'schema',
  'table',
  'column',
  'constraint',
  'dataType',
  'routine',
] as const;

export interface SafeDatabaseError {
  type: string;
  message: string;
  code?: string;
  severity?: string;
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
  dataType?: string;
  routine?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The PostgreSQL error inside (QueryFailedError's driverError), or the error itself if it is one; else null. */
function driverErrorOf(error: unknown): Record<string, unknown> | null {
  if (!isObject(error)) {
    return null;
  }
  if (isObject(error.driverError)) {
    return error.driverError;
  }
  const pgLike = typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) && 'severity' in error;
  return pgLike || error.name === 'QueryFailedError' ? error : null;
}

export const isDatabaseError = (error: unknown): boolean => driverErrorOf(error) !== null;

/**
 * A database error without the data it carried, or null for any other error. Data exceptions (22)
 * and integrity violations (23) quote the input in their message, so theirs is replaced; the other
 * classes name objects ("relation ... does not exist"), which is what one needs to debug.
 */
export function safeDatabaseError(error: unknown): SafeDatabaseError | null {
  const driver = driverErrorOf(error);
  if (driver === null || !isObject(error)) {
    return null;
  }
  const type = typeof error.name === 'string' ? error.name : 'DatabaseError';
  const code = typeof driver.code === 'string' ? driver.code : undefined;
  const constraint = typeof driver.constraint === 'string' ? ` (constraint ${driver.constraint})` : '';
  const message =
    code === undefined || /^2[23]/.test(code) || typeof error.message !== 'string'
      ? `SQLSTATE ${code ?? 'unknown'}${constraint}`
      : error.message;
  const safe: SafeDatabaseError = { type, message };
  for (const field of NAME_FIELDS) {
    if (typeof driver[field] === 'string') {
      safe[field] = driver[field];
    }
  }
  return safe;
}

// A database that cannot be reached is not the request's fault: the caller should try again later
// (503 SERVICE.UNAVAILABLE), unlike a failed query, which is a bug (500).
/** SQLSTATEs of a lost or refused connection: class 08, a server shutting down or starting (57P01–57P03), too many connections. */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
/** Socket errors of the driver when the server is away. */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/**
 * TypeORM's names for a query on a connection it has already given up: in a transaction, it releases
 * the query runner as soon as its connection reports an error (the server ended it), and the next
 * query of that transaction fails with one of these instead of the connection's own error: the
 * entity manager's `query()` with the first, a query builder (`find`, `getMany`, …) with the second.
 */
const UNAVAILABLE_ERROR_NAMES = new Set([
  'QueryRunnerProviderAlreadyReleasedError',
  'QueryRunnerAlreadyReleasedError',
]);
/** What node-postgres and its pool say, without a code, when a connection dies or cannot be made. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|is not queryable|Connection is not established/i;

/**
 * True when the error (or the driver error, cause or aggregated error inside it) says the database
 * could not be reached: the connection was refused, lost or shut down by the server.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!isObject(error) || depth > 4) {
    return false;
  }
  const code = typeof error.code === 'string' ? error.code : '';
  const name = typeof error.name === 'string' ? error.name : '';
  if (
    UNAVAILABLE_SQLSTATE.test(code) ||
    UNAVAILABLE_SOCKET_CODES.has(code) ||
    UNAVAILABLE_ERROR_NAMES.has(name)
  ) {
    return true;
  }
  if (typeof error.message === 'string' && UNAVAILABLE_MESSAGE.test(error.message)) {
    return true;
  }
  const inner: unknown[] = [
    error.driverError,
    error.cause,
    ...(Array.isArray(error.errors) ? (error.errors as unknown[]) : []),
  ];
  return inner.some((candidate) => isDatabaseUnavailable(candidate, depth + 1));
}
