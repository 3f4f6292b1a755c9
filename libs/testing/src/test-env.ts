import { randomBytes } from 'node:crypto';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL } from '#config';

/** The PostgreSQL and NATS the tests use: DATABASE_URL and NATS_URL, or the machine's own. */
export const testDatabaseUrl = (): string => process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
export const testNatsUrl = (): string => process.env.NATS_URL ?? DEFAULT_NATS_URL;

/** A short random suffix so that each test file has its own database, streams and durables. */
export function uniqueSuffix(): string {
  return randomBytes(5).toString('hex');
}
