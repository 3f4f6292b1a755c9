import { ConfigError } from '#config';
import { planPostgres, redactUrl } from './postgres.js';

describe('planPostgres', () => {
  it('uses DATABASE_URL when it is set', () => {
    expect(planPostgres({ DATABASE_URL: 'postgres://moni@db:5432/moni' }, '/repo')).toEqual({
      kind: 'configured',
      url: 'postgres://moni@db:5432/moni',
    });
  });

  it('otherwise plans an embedded cluster under .data/postgres on port 54329', () => {
    expect(planPostgres({}, '/repo')).toEqual({
      kind: 'embedded',
      port: 54329,
      dataDir: '/repo/.data/postgres',
      url: 'postgres://postgres@127.0.0.1:54329/moni',
    });
  });

  it('takes the embedded port from EMBEDDED_PG_PORT and rejects a bad one', () => {
    expect(planPostgres({ EMBEDDED_PG_PORT: '55432' }, '/repo')).toMatchObject({ port: 55432 });
    expect(() => planPostgres({ EMBEDDED_PG_PORT: 'abc' }, '/repo')).toThrow(ConfigError);
  });
});

describe('redactUrl', () => {
  it('hides the password', () => {
    expect(redactUrl('postgres://moni:s3cret@db:5432/moni')).toBe('postgres://moni:***@db:5432/moni');
    expect(redactUrl('postgres://moni@db/moni')).toBe('postgres://moni@db/moni');
  });
});
