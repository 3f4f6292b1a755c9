import { dropDatabase, ensureDatabase, withDatabase } from '#database';
import { testDatabaseUrl, uniqueSuffix } from './test-env.js';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database of its own for one test file, so test files never see each other's data. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const url = withDatabase(testDatabaseUrl(), `moni_${label.replace(/[^a-z0-9_]/gi, '_')}_${uniqueSuffix()}`);
  await ensureDatabase(url);
  return { url, drop: () => dropDatabase(url) };
}
