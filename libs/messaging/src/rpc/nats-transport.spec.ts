import { natsClientOptions, natsServerStrategy } from './nats-transport.js';

// With the client's default (10 attempts, 2 s apart) a NATS outage over ~20 s closed the
// request/reply connections for good (fault suite, F6).
describe('request/reply connections', () => {
  const endpoint = { natsUrl: 'nats://127.0.0.1:4222' };

  it('reconnect for ever on the client side', () => {
    expect(natsClientOptions(endpoint, 'gateway')).toMatchObject({
      reconnect: true,
      maxReconnectAttempts: -1,
    });
  });

  it('reconnect for ever on the server side', () => {
    const server = natsServerStrategy(endpoint, 'clients').strategy as unknown as {
      options: Record<string, unknown>;
    };
    expect(server.options).toMatchObject({ reconnect: true, maxReconnectAttempts: -1, queue: 'clients' });
  });
});
