// The partners service on a database of its own and a NATS namespace, for the directory's tests.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { loadCommonConfig, type CommonConfig } from '#config';
import type { Actor, CreateServicePayload, OrganisationStatus, Role } from '#contracts';
import { ServiceClient } from '#messaging';
import { runService } from '#service-core';
import { createTestDatabase, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { PartnersAppModule } from '../src/app.module.js';

export interface RunningPartners {
  app: INestApplication;
  rpc: ServiceClient;
  sql: pg.Client;
  config: CommonConfig;
  env: Record<string, string>;
  db: TestDatabase;
  /** Boots a second instance on the same database (e.g. to see that a demo load is idempotent). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPartners(extraEnv: Record<string, string> = {}): Promise<RunningPartners> {
  const db = await createTestDatabase('partners_directory');
  const suffix = uniqueSuffix();
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    NATS_URL: testNatsUrl(),
    NATS_SUBJECT_PREFIX: `t${suffix}`,
    EVENTS_STREAM: `T${suffix}_EVENTS`,
    DEAD_LETTER_STREAM: `T${suffix}_DEAD_LETTER`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PARTNERS_OPS_PORT: '0',
    ...extraEnv,
  };
  const config = loadCommonConfig('partners', env);
  let app = await runService(PartnersAppModule.forRoot(config, env), config);
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const rpc = new ServiceClient({
    natsUrl: testNatsUrl(),
    clientName: 'partners-directory-test',
    timeoutMs: 10_000,
    subjectPrefix: config.natsSubjectPrefix,
  });
  await rpc.connect();
  return {
    get app() {
      return app;
    },
    rpc,
    sql,
    config,
    env,
    db,
    async restart() {
      await app.close();
      app = await runService(PartnersAppModule.forRoot(config, env), config);
    },
    async stop() {
      await rpc.close();
      await sql.end();
      await app.close();
      const nc = await connect({ servers: testNatsUrl() });
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(config.eventsStream).catch(() => false);
      await jsm.streams.delete(config.deadLetterStream).catch(() => false);
      await nc.close();
      await db.drop();
    },
  };
}

export interface OrganisationRow {
  id?: string;
  name?: string;
  status?: OrganisationStatus;
  canReceive?: boolean;
}

/** An organisation row, as the organisations feature would have written it. */
export async function insertOrganisation(sql: pg.Client, row: OrganisationRow = {}): Promise<string> {
  const id = row.id ?? randomUUID();
  await sql.query(
    `INSERT INTO "partners"."organisations"
       ("id", "name_fi", "name_sv", "name_en", "kind", "can_send", "can_receive", "response_days", "status")
     VALUES ($1, $2, $3, $4, 'test organisation', false, $5, 5, $6)`,
    [
      id,
      row.name ?? `Organisaatio ${id.slice(0, 8)}`,
      null,
      row.name ? `${row.name} (en)` : null,
      row.canReceive ?? true,
      row.status ?? 'active',
    ],
  );
  return id;
}

export function actor(role: Role, organisationId: string | null): Actor {
  return {
    userId: randomUUID(),
    username: `${role}-test`,
    organisationId,
    role,
    realmRoles: role === 'platform_admin' ? ['platform_admin'] : [],
  };
}

export const context = (who: Actor) => ({ actor: who, correlationId: `corr-${uniqueSuffix()}` });

/** A valid service; override any field. */
export function servicePayload(
  organisationId: string,
  overrides: Partial<Omit<CreateServicePayload, 'organisationId'>> = {},
): CreateServicePayload {
  return {
    organisationId,
    name: { fi: 'Testipalvelu', sv: 'Testtjänst', en: 'Test service' },
    description: { fi: 'Palvelun kuvaus.', sv: 'Tjänstens beskrivning.', en: 'What the service does.' },
    needs: ['employment'],
    languages: ['fi', 'en'],
    ...overrides,
  };
}
