import { QueryFailedError } from 'typeorm';
import { isRetryableConflict, retryOnDeadlock } from './deadlock-retry.js';

const deadlock = () =>
  new QueryFailedError('UPDATE ...', [], Object.assign(new Error('deadlock detected'), { code: '40P01' }));
const noPause = () => Promise.resolve();

describe('retryOnDeadlock', () => {
  it('runs the transaction again when PostgreSQL chose it as a deadlock victim', async () => {
    let calls = 0;
    const result = await retryOnDeadlock(
      () => {
        calls += 1;
        return calls < 3 ? Promise.reject(deadlock()) : Promise.resolve('done');
      },
      3,
      noPause,
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after the last attempt with the database error', async () => {
    let calls = 0;
    const run = retryOnDeadlock(
      () => {
        calls += 1;
        return Promise.reject(deadlock());
      },
      3,
      noPause,
    );
    await expect(run).rejects.toBeInstanceOf(QueryFailedError);
    expect(calls).toBe(3);
  });

  it('does not retry any other error', async () => {
    let calls = 0;
    const run = retryOnDeadlock(
      () => {
        calls += 1;
        return Promise.reject(Object.assign(new Error('duplicate key'), { code: '23505' }));
      },
      3,
      noPause,
    );
    await expect(run).rejects.toThrow('duplicate key');
    expect(calls).toBe(1);
  });

  it('knows deadlocks and serialization failures, raw or wrapped by TypeORM', () => {
    expect(isRetryableConflict(deadlock())).toBe(true);
    expect(isRetryableConflict({ code: '40001' })).toBe(true);
    expect(isRetryableConflict({ code: '23505' })).toBe(false);
    expect(isRetryableConflict(null)).toBe(false);
    expect(isRetryableConflict(new Error('x'))).toBe(false);
  });
});
