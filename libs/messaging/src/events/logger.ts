// The few log calls messaging makes; Nest's Logger fits as is and pino needs a one-line adapter.
import { safeDatabaseError } from '#database';

export interface MessagingLogger {
  log(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export const noopLogger: MessagingLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Name and message of an error, or the thrown value as text. */
function plainDescription(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * A message that is safe to log or store: no stack, one line, bounded length, and for a database
 * error no value of the failed query (safeDatabaseError).
 */
export function describeError(error: unknown, maxLength = 500): string {
  const database = safeDatabaseError(error);
  const text = database ? `${database.type}: ${database.message}` : plainDescription(error);
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength - 1)}…` : oneLine;
}
