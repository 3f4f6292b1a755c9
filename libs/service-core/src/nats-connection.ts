import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

/** A connection that keeps reconnecting for ever: NATS being away is a state, not a crash. */
export function connectNats(natsUrl: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: natsUrl.split(','),
    name,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  });
}
