// The clients service's own log output, at the most verbose level, while advisors register,
// search, read, update, refuse and disclose: no identity code, name or other personal field
// appears in it. pino writes to the process's file descriptors directly, so the capture
// intercepts the writes to stdout and stderr.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { jest } from '@jest/globals';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { loadCommonConfig, type CommonConfig } from '#config';
import { AppError, type Actor, type RequestOf, type RequestSubject, type ReplyOf } from '#contracts';
import { ServiceClient } from '#messaging';
import { runService } from '#service-core';
import { createTestDatabase, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { ClientsAppModule } from '../src/app.module.js';
import { KELA, MONI, startPartnersStub } from './support/partners-stub.js';

const advisor: Actor = {
  userId: randomUUID(),
  username: null,
  organisationId: MONI,
  role: 'advisor',
  realmRoles: ['advisor'],
};

const CODE = '150387-912Y';
const FIRST_NAME = 'Zainabkhatun';
const LAST_NAME = `Qurbanova${uniqueSuffix()}`;
const SECRETS = [
  CODE,
  CODE.toLowerCase(),
  '150387-912',
  FIRST_NAME,
  LAST_NAME,
  '+358 44 987 6543',
  'zainab@example.org',
  'Seeks a welding course',
  'Trained as a pharmacist',
];

describe('The clients service logs no personal data', () => {
  let db: TestDatabase;
  let config: CommonConfig;
  let app: INestApplication;
  let partners: INestMicroservice;
  let rpc: ServiceClient;
  const captured: string[] = [];

  function call<S extends RequestSubject>(subject: S, data: RequestOf<S>): Promise<ReplyOf<S>> {
    return rpc.request(subject, data, { actor: advisor, correlationId: `corr-${uniqueSuffix()}` });
  }

  async function refused(promise: Promise<unknown>): Promise<AppError> {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  beforeAll(async () => {
    const text = (data: unknown) => (Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
    const isStdio = (fd: unknown) => fd === 1 || fd === 2;
    const writeSync = fs.writeSync.bind(fs);
    jest.spyOn(fs, 'writeSync').mockImplementation((fd: number, data: unknown, ...rest: unknown[]) => {
      if (isStdio(fd)) {
        captured.push(text(data));
        return Buffer.byteLength(text(data));
      }
      return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
    });
    const write = fs.write.bind(fs);
    jest.spyOn(fs, 'write').mockImplementation((fd: number, data: unknown, ...rest: unknown[]) => {
      if (isStdio(fd)) {
        captured.push(text(data));
        const callback = rest.at(-1) as (error: null, written: number) => void;
        process.nextTick(() => callback(null, Buffer.byteLength(text(data))));
        return;
      }
      (write as (...args: unknown[]) => void)(fd, data, ...rest);
    });
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      captured.push(text(chunk));
      return true;
    });

    db = await createTestDatabase('clientlogs');
    const suffix = uniqueSuffix();
    config = loadCommonConfig('clients', {
      DATABASE_URL: db.url,
      NATS_URL: testNatsUrl(),
      NATS_SUBJECT_PREFIX: `t${suffix}`,
      EVENTS_STREAM: `T${suffix}_EVENTS`,
      DEAD_LETTER_STREAM: `T${suffix}_DEAD_LETTER`,
      LOG_LEVEL: 'trace',
      CLIENTS_OPS_PORT: '0',
    });
    partners = await startPartnersStub(config.natsUrl, config.natsSubjectPrefix);
    app = await runService(ClientsAppModule.forRoot(config, { CLIENTS_JOB_INTERVAL_MS: '3600000' }), config);
    rpc = new ServiceClient({
      natsUrl: config.natsUrl,
      clientName: 'clients-logs-test',
      timeoutMs: 10_000,
      subjectPrefix: config.natsSubjectPrefix,
    });
    await rpc.connect();
  });

  afterAll(async () => {
    await rpc?.close();
    await app?.close();
    await partners?.close();
    jest.restoreAllMocks();
    const nc = await connect({ servers: testNatsUrl() });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(config.eventsStream).catch(() => false);
    await jsm.streams.delete(config.deadLetterStream).catch(() => false);
    await nc.close();
    await db?.drop();
  });

  it('while registering, searching, reading, updating, refusing and disclosing', async () => {
    const before = captured.length;
    const client = await call('clients.client.create', {
      firstName: FIRST_NAME,
      lastName: LAST_NAME,
      personalIdentityCode: CODE,
      phone: '+358 44 987 6543',
      email: 'zainab@example.org',
      needs: [{ category: 'education', description: 'Seeks a welding course' }],
      background: { education: 'Trained as a pharmacist' },
    });
    // A likely duplicate and a bad code are refused (and logged as refusals).
    await refused(
      call('clients.client.create', {
        firstName: FIRST_NAME,
        lastName: LAST_NAME,
        personalIdentityCode: CODE,
      }),
    );
    await refused(
      call('clients.client.create', {
        firstName: FIRST_NAME,
        lastName: LAST_NAME,
        personalIdentityCode: '150387-912X',
      }),
    );
    await refused(call('clients.client.list', { q: '150387-912X' }));
    for (const q of [CODE, LAST_NAME, `${FIRST_NAME} ${LAST_NAME}`, '1987-03-15', '15.3.1987']) {
      expect((await call('clients.client.list', { q })).items.map((item) => item.id)).toEqual([client.id]);
    }
    await call('clients.client.get', { clientId: client.id });
    await call('clients.client.update', { clientId: client.id, phone: '+358 44 987 6543' });
    await call('clients.consent.record', {
      clientId: client.id,
      recipientOrganisationIds: [KELA],
      categories: ['identity', 'contact', 'needs', 'background'],
      purposes: ['referral'],
      method: 'verbal',
      givenBy: 'client',
      noticeVersion: '2026-1',
      noticeLanguage: 'fi',
      interpreterUsed: false,
    });
    await call('clients.disclosure.snapshot', {
      clientId: client.id,
      organisationId: KELA,
      categories: ['identity', 'contact', 'needs', 'background'],
      purpose: 'referral',
      targetType: 'referral',
      targetId: randomUUID(),
    });
    await call('clients.client.export', { clientId: client.id });

    const output = captured.slice(before).join('');
    // The capture sees the service's log lines (so an empty capture cannot pass).
    expect(output).toContain('"service":"clients"');
    expect(output).toContain('clients.client.create');
    for (const secret of SECRETS) {
      expect(output).not.toContain(secret);
    }
  });
});
