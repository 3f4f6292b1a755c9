import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { natsConnectionOptions, type NatsEndpoint } from '#messaging';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

/** A connection that keeps reconnecting for ever: NATS being away is a state, not a crash. */
export function connectNats(endpoint: NatsEndpoint, name: string): Promise<NatsConnection> {
  return connect({
    ...natsConnectionOptions(endpoint, name),
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  });
}
