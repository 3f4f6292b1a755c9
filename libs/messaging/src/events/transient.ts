import { isAppError } from '#contracts';
import { isDatabaseUnavailable } from '#database';

/**
 * A failure that a later try heals: a peer service that is away or too slow (SERVICE.UNAVAILABLE,
 * what ServiceClient makes of no answer), or a database that cannot be reached. Not the event's
 * fault, so it never counts towards the dead letters.
 */
export function isTransientFailure(error: unknown): boolean {
  return (isAppError(error) && error.code === 'SERVICE.UNAVAILABLE') || isDatabaseUnavailable(error);
}
