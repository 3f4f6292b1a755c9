import { readFileSync } from 'node:fs';
import {
  credsAuthenticator,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
  type ConnectionOptions,
} from '@nats-io/nats-core';
import type { NatsClientSettings } from '#config';

/** Where an app's NATS connections go and how they authenticate (the common config has both). */
export interface NatsEndpoint {
  natsUrl: string;
  /** Unset: an anonymous, plain connection with the default inbox (tests of the messaging itself). */
  nats?: NatsClientSettings;
}

/**
 * The one place that turns the configuration into connection options: every NATS connection of
 * every app (services, gateway, Nest's transport, the audit verifier) is built here, so none of
 * them can forget the credentials, the TLS settings or the app's own inbox prefix.
 */
export function natsConnectionOptions(endpoint: NatsEndpoint, name: string): ConnectionOptions {
  const settings = endpoint.nats;
  // noAsyncTraces: no Error (with its stack) built ahead of every request and JetStream publish in
  // case it fails; a failure still says what failed, without the caller's stack.
  const options: ConnectionOptions = { servers: endpoint.natsUrl.split(','), name, noAsyncTraces: true };
  if (!settings) {
    return options;
  }
  options.inboxPrefix = settings.inboxPrefix;
  const { auth } = settings;
  switch (auth.kind) {
    case 'creds': {
      const file = auth.credsFile;
      // Read at every (re)connect, so a rotated creds file is picked up without a restart.
      options.authenticator = credsAuthenticator(() => readFileSync(file));
      break;
    }
    case 'user':
      options.authenticator = usernamePasswordAuthenticator(auth.user, auth.password);
      break;
    case 'token':
      options.authenticator = tokenAuthenticator(auth.token);
      break;
    case 'none':
      break;
  }
  if (settings.tls) {
    options.tls = { ...settings.tls };
  }
  return options;
}
