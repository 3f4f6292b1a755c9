// Errors as they go into the logs: pino's own serializer, except for database errors, which keep
// their kind, SQLSTATE and the names of what they concern but never the failed query, its
// parameters or the driver's details (`safeDatabaseError` in #database says why).
import { stdSerializers } from 'pino';
import { safeDatabaseError } from '#database';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** pino's `err` serializer, with database errors reduced to what holds no data. */
export function serializeError(error: unknown): unknown {
  if (!isObject(error)) {
    return error;
  }
  const safe = safeDatabaseError(error);
  if (safe === null) {
    const serialized = stdSerializers.err(error as unknown as Error) as unknown as Record<string, unknown>;
    // A cause may itself be a database error.
    if (isObject(error.cause)) {
      serialized.cause = serializeError(error.cause);
    }
    return serialized;
  }
  // The stack's first line repeats the message: keep only the frames.
  const stack =
    typeof error.stack === 'string'
      ? error.stack
          .split('\n')
          .filter((line) => line.trimStart().startsWith('at '))
          .join('\n')
      : undefined;
  return { ...safe, stack };
}

/** The serializers of every app's logger (logging.ts), under the keys errors are logged with. */
export const ERROR_SERIALIZERS = { err: serializeError, error: serializeError };
