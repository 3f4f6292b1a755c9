import type { DataSource, EntityManager } from 'typeorm';

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back, try again. */
const RETRYABLE = new Set(['40P01', '40001']);

export function isRetryableConflict(error: unknown): boolean {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Runs a whole transaction again when PostgreSQL aborted it as a deadlock victim (the batch jobs lock
 * the box counters in key order, so this is rare; a user should still never see it as a 500). The
 * work must start from a fresh read each time, which every transaction of the service does.
 */
export async function retryOnDeadlock<T>(
  work: () => Promise<T>,
  attempts = 3,
  pause: (attempt: number) => Promise<void> = (attempt) =>
    new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.floor(Math.random() * 20))),
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) {
        throw error;
      }
      await pause(attempt);
    }
  }
}

/** A user-facing transaction: run again if PostgreSQL aborted it as a deadlock victim. */
export function userTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return retryOnDeadlock(() => dataSource.transaction(work));
}
