// Boots the whole system in this process for system tests: the dev identity provider, every
// back-end service and the gateway, against a database of the test file's own and the real NATS.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { JWK } from 'jose';
import type { DataSource } from 'typeorm';
import { ClientsAppModule } from '../../apps/clients/src/app.module.js';
import { ReferralsAppModule } from '../../apps/referrals/src/app.module.js';
import { PartnersAppModule } from '../../apps/partners/src/app.module.js';
import { NotificationsAppModule } from '../../apps/notifications/src/app.module.js';
import { AuditAppModule } from '../../apps/audit/src/app.module.js';
import { StatisticsAppModule } from '../../apps/statistics/src/app.module.js';
import { createGateway } from '../../apps/gateway/src/bootstrap.js';
import { bucketName } from '../../apps/gateway/src/portal/session-store.js';
import {
  loadCommonConfig,
  loadGatewayConfig,
  loadNatsClientSettings,
  type CommonConfig,
  type GatewayConfig,
} from '#config';
import type { Actor, EventDataOf, EventType, ServiceName } from '#contracts';
import { startDevIdp, type DevIdp } from '#dev-idp';
import { natsConnectionOptions, OutboxWriter, type EventEnvelope } from '#messaging';
import { runService } from '#service-core';
import { createTestDatabase, passwordGrant, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';

type Env = Record<string, string | undefined>;

async function deleteStreams(env: Env, ...names: string[]): Promise<void> {
  const nc = await connect(
    natsConnectionOptions(
      { natsUrl: env.NATS_URL ?? testNatsUrl(), nats: loadNatsClientSettings('admin', env) },
      'moni-test-cleanup',
    ),
  );
  try {
    const jsm = await jetstreamManager(nc);
    for (const name of names) {
      await jsm.streams.delete(name).catch(() => false);
    }
  } finally {
    await nc.close();
  }
}

// Every app module gets the environment (a service reads its own settings from it).
const MODULES: Record<ServiceName, { forRoot(config: CommonConfig, env: Env): DynamicModule }> = {
  clients: ClientsAppModule,
  referrals: ReferralsAppModule,
  partners: PartnersAppModule,
  notifications: NotificationsAppModule,
  audit: AuditAppModule,
  statistics: StatisticsAppModule,
};

export interface RunningSystem {
  gatewayUrl: string;
  idp: DevIdp;
  database: TestDatabase;
  services: Map<ServiceName, INestApplication>;
  gateway: INestApplication;
  /** The first gateway's configuration (its PORTAL_URL is its own origin). */
  gatewayConfig: GatewayConfig;
  env: Record<string, string>;
  /**
   * Another gateway replica on the same NATS, services and session store (as behind a load
   * balancer: the same PORTAL_URL, so a cookie and CSRF token of one are good on the other).
   */
  addGateway(overrides?: Partial<GatewayConfig>): Promise<{ url: string; app: INestApplication }>;
  /** Stops one back-end service (to test what the gateway does without it). */
  stopService(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

export interface SystemOptions {
  gateway?: Partial<GatewayConfig>;
  env?: Record<string, string>;
  /** A realm export of its own for the dev identity provider (e.g. with extra users). */
  realmFile?: string;
  /** The dev identity provider's private signing keys (to forge tokens it would sign). */
  signingKeys?: JWK[];
  /** Environment of one app only (e.g. its NATS credentials); `admin` is the test's own clean-up. */
  appEnv?: (app: ServiceName | 'gateway' | 'admin') => Record<string, string>;
  /** The dev identity provider's access token lifetime (default: the realm's). */
  accessTokenTtlSeconds?: number;
  /** The built portal the gateway serves on `/` (PORTAL_DIR; default dist/portal). */
  portalDir?: string;
}

/** A free TCP port on loopback (the gateway's PORTAL_URL must name its port before it listens). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const database = await createTestDatabase('system');
  const idp = await startDevIdp({
    host: '127.0.0.1',
    port: 0,
    realmFile: options.realmFile,
    signingKeys: options.signingKeys,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
  });
  const suffix = uniqueSuffix();
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    NATS_URL: testNatsUrl(),
    NATS_SUBJECT_PREFIX: `t${suffix}`,
    EVENTS_STREAM: `T${suffix}_EVENTS`,
    DEAD_LETTER_STREAM: `T${suffix}_DEAD_LETTER`,
    KEYCLOAK_URL: idp.baseUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // The Seinäjoki demo network: organisations and the demo users' memberships.
    DEMO_DATA: 'true',
    // Test files act as a few users at machine speed; tests/security sets small limits of its own.
    RATE_LIMIT_PER_USER_PER_MINUTE: '100000',
    ...Object.fromEntries(Object.keys(MODULES).map((name) => [`${name.toUpperCase()}_OPS_PORT`, '0'])),
    ...options.env,
  };
  const services = new Map<ServiceName, INestApplication>();
  const envOf = (app: ServiceName | 'gateway' | 'admin'): Record<string, string> => ({
    ...env,
    ...options.appEnv?.(app),
  });
  for (const [name, module] of Object.entries(MODULES) as [ServiceName, (typeof MODULES)[ServiceName]][]) {
    // Each service as its own database role; the audit log's migrations as the role that owns it.
    const serviceEnv = {
      ...env,
      DATABASE_URL: database.serviceUrl(name),
      ...(name === 'audit' ? { MIGRATION_DATABASE_URL: database.auditOwnerUrl } : {}),
      ...options.env,
      ...options.appEnv?.(name),
    };
    const config = loadCommonConfig(name, serviceEnv);
    // Migrations of one database run one service at a time, as they would in a deploy job.
    services.set(name, await runService(module.forRoot(config, serviceEnv), config));
  }
  // The gateway's public origin is its own: the portal's login redirects back to it.
  const port = await freePort();
  const gatewayUrl = `http://127.0.0.1:${port}`;
  const base = loadGatewayConfig({
    ...envOf('gateway'),
    PORT: String(port),
    PORTAL_URL: gatewayUrl,
    ...(options.portalDir ? { PORTAL_DIR: options.portalDir } : {}),
  });
  const gatewayConfig: GatewayConfig = {
    ...base,
    ...options.gateway,
    portal: { ...base.portal, ...options.gateway?.portal },
  };
  const gateway = await createGateway(gatewayConfig);
  await gateway.listen(port, '127.0.0.1');
  const replicas: INestApplication[] = [];
  const addGateway = async (overrides: Partial<GatewayConfig> = {}) => {
    const app = await createGateway({ ...gatewayConfig, ...overrides });
    await app.listen(0, '127.0.0.1');
    replicas.push(app);
    const address = app.getHttpServer().address() as { port: number };
    return { url: `http://127.0.0.1:${address.port}`, app };
  };

  const stopService = async (name: ServiceName): Promise<void> => {
    await services.get(name)?.close();
    services.delete(name);
  };

  return {
    gatewayUrl,
    idp,
    database,
    services,
    gateway,
    gatewayConfig,
    env,
    addGateway,
    stopService,
    async stop() {
      for (const app of [gateway, ...replicas]) {
        await app.close();
      }
      for (const name of [...services.keys()]) {
        await stopService(name);
      }
      await idp.close();
      // The audit service's checkpoints of its chain live next to the events (audit-anchor.ts).
      await deleteStreams(
        envOf('admin'),
        env.EVENTS_STREAM,
        env.DEAD_LETTER_STREAM,
        `${env.EVENTS_STREAM}_AUDIT_ANCHOR`,
        // The portal's session buckets, namespaced by NATS_SUBJECT_PREFIX.
        `KV_${bucketName(env.NATS_SUBJECT_PREFIX, 'moni_sessions')}`,
        `KV_${bucketName(env.NATS_SUBJECT_PREFIX, 'moni_logins')}`,
      );
      await database.drop();
    },
  };
}

/** A response body as JSON, typed loosely for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = (res: Response): Promise<any> => res.json() as Promise<any>;

/** A small HTTP client for one caller of the running system. */
export interface ApiCaller {
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  patch(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export function apiAs(system: RunningSystem, token: string | null): ApiCaller {
  const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${system.gatewayUrl}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    request,
    get: (path, headers) => request('GET', path, undefined, headers),
    post: (path, body, headers) => request('POST', path, body ?? {}, headers),
    patch: (path, body, headers) => request('PATCH', path, body ?? {}, headers),
  };
}

/** Logs a demo user in through the password grant and returns an API caller for them. */
export async function loginAs(system: RunningSystem, username: string): Promise<ApiCaller> {
  return apiAs(system, await passwordGrant(system.idp.baseUrl, username));
}

/**
 * Commits an event through a running service's outbox (the referrals service unless told), in a
 * transaction of its own, as the service does with a change.
 */
export async function emitEvent<E extends EventType>(
  system: RunningSystem,
  type: E,
  data: EventDataOf<E>,
  options: { service?: ServiceName; actor?: Actor | null; correlationId?: string } = {},
): Promise<EventEnvelope<E>> {
  const app = system.services.get(options.service ?? 'referrals')!;
  return app.get<DataSource>(getDataSourceToken()).transaction((manager) =>
    app.get(OutboxWriter).append(manager, type, data, {
      actor: options.actor ?? null,
      correlationId: options.correlationId ?? `corr-${randomUUID()}`,
    }),
  );
}

/** The portal's login through the real flow (fetch): the session cookie and its CSRF token. */
export { portalLogin, type PortalLogin } from './portal-login.js';
