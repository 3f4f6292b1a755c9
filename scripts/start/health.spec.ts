import { describeHealth } from './health.js';

describe('describeHealth', () => {
  it('names the services that are down and, inside them, the dependency that failed', () => {
    const body = JSON.stringify({
      service: 'gateway',
      status: 'down',
      checks: { nats: { status: 'up' }, clients: { status: 'down' }, audit: { status: 'down' } },
      services: {
        clients: {
          service: 'clients',
          status: 'down',
          checks: {
            database: { status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:5432' },
            nats: { status: 'up' },
          },
        },
        audit: {
          service: 'audit',
          status: 'down',
          checks: { service: { status: 'down', error: 'no answer' } },
        },
      },
    });
    expect(describeHealth(503, body)).toBe(
      'HTTP 503, down: clients (database: connect ECONNREFUSED 127.0.0.1:5432); audit (service: no answer)',
    );
  });

  it('names a failing check of a flat report', () => {
    const body = JSON.stringify({
      status: 'down',
      checks: { nats: { status: 'down', error: 'connection closed' } },
    });
    expect(describeHealth(503, body)).toBe('HTTP 503, down: nats: connection closed');
  });

  it('falls back to the status code for a body it cannot read', () => {
    expect(describeHealth(502, '<html>Bad Gateway</html>')).toBe('HTTP 502');
    expect(describeHealth(503, '{"status":"error"}')).toBe('HTTP 503');
  });
});
