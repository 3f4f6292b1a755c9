import { isDatabaseUnavailable } from './errors.js';

/** node-postgres' DatabaseError as TypeORM's QueryFailedError carries it. */
const queryFailed = (code: string, message: string) =>
  Object.assign(new Error(message), {
    name: 'QueryFailedError',
    driverError: Object.assign(new Error(message), { code, severity: 'FATAL' }),
  });

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'the server shut down (57P01 admin_shutdown)',
      queryFailed('57P01', 'terminating connection due to administrator command'),
    ],
    ['the server is starting (57P03)', queryFailed('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', queryFailed('08006', 'connection failure')],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a refused connection on every address',
      new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })], 'connect failed'),
    ],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    [
      'a transaction whose connection TypeORM released when the server ended it',
      Object.assign(new Error('Database connection provided by a query runner was already released'), {
        name: 'QueryRunnerProviderAlreadyReleasedError',
      }),
    ],
    [
      "the same transaction's next query through a query builder",
      Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), {
        name: 'QueryRunnerAlreadyReleasedError',
      }),
    ],
    ['a lost connection as a cause', new Error('wrapped', { cause: new Error('Connection terminated') })],
  ])('%s is unavailable', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', queryFailed('23505', 'duplicate key value violates unique constraint')],
    ['a missing relation', queryFailed('42P01', 'relation "x" does not exist')],
    ['a bug', new TypeError('x is undefined')],
    ['not an error', 'Connection terminated'],
    ['nothing', null],
  ])('%s is not', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
