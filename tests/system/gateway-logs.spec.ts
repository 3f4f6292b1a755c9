import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { AuditEntryData } from '#contracts';
import { createEventEnvelope, eventSubject } from '#messaging';
import { eventually, testNatsUrl } from '#testing';
import { json, loginAs, startSystem, type RunningSystem } from '../support/system.js';

interface LogLine {
  service?: string;
  correlationId?: string;
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** The real log output of the gateway and every service (LOG_FILE), at debug level. */
describe('the logs of a running system', () => {
  let system: RunningSystem;
  let dir: string;
  let logFile: string;

  const lines = (): LogLine[] =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogLine);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'moni-logs-'));
    logFile = path.join(dir, 'system.log');
    system = await startSystem({ env: { LOG_FILE: logFile, LOG_LEVEL: 'debug' } });
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carry the correlation id from the HTTP request across NATS into the service, and no personal data', async () => {
    const advisor = await loginAs(system, 'advisor');
    const correlationId = 'logs-register-client-0001';
    const res = await advisor.post(
      '/api/v1/clients',
      {
        firstName: 'Zenobia',
        lastName: 'Quillfeather',
        personalIdentityCode: '010594Y9021',
        languages: ['fi'],
        preferredLanguage: 'fi',
        phone: '+358 40 765 4321',
        needs: [{ category: 'housing', description: 'Sleeps at a friend of Quillfeather' }],
      },
      { 'X-Correlation-Id': correlationId },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('x-correlation-id')).toBe(correlationId);

    // In this one process every app shares nestjs-pino's root logger, so the `service` label is not
    // telling here (it is in the one-process-per-service deployment): the lines say who wrote them.
    await eventually(() => {
      const ofRequest = lines().filter((line) => line.correlationId === correlationId);
      // The gateway's HTTP request line, and the clients service's handling of the NATS request.
      expect(ofRequest).toContainEqual(
        expect.objectContaining({ req: { method: 'POST', url: '/api/v1/clients' } }),
      );
      expect(ofRequest).toContainEqual(
        expect.objectContaining({
          rpc: expect.objectContaining({ pattern: 'clients.client.create', transport: 'nats' }),
        }),
      );
    });
    const text = readFileSync(logFile, 'utf8');
    for (const personal of ['Zenobia', 'Quillfeather', '010594Y9021', '010594Y', '765 4321']) {
      expect(text).not.toContain(personal);
    }
    expect(text).not.toContain((await json(await advisor.get('/api/v1/me'))).email);
  });

  it('log a refusal in a service once, at info, with its code and no stack', async () => {
    const advisor = await loginAs(system, 'advisor');
    const correlationId = 'logs-refused-referral-0001';
    // A well-formed request the gateway passes on and the referrals service refuses (no such referral).
    const res = await advisor.get('/api/v1/referrals/00000000-0000-4000-8000-000000000000', {
      'X-Correlation-Id': correlationId,
    });
    expect(res.status).toBe(404);
    await eventually(() => {
      const refused = lines().filter(
        (line) => line.correlationId === correlationId && line.msg === 'message refused',
      );
      expect(refused).toEqual([
        expect.objectContaining({
          level: 30,
          code: 'RESOURCE.NOT_FOUND',
          rpc: expect.objectContaining({ pattern: 'referrals.referral.get' }),
        }),
      ]);
      expect(refused[0].err).toBeUndefined();
    });
    expect(lines().filter((line) => line.correlationId === correlationId && line.level >= 50)).toEqual([]);
  });

  it('alert on a dead-lettered event in the logs and in moni_events_dead_lettered_total of the service', async () => {
    const audit = system.services.get('audit');
    const { port } = audit!.getHttpServer().address() as { port: number };
    const metric = async (): Promise<number> => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const match = /^moni_events_dead_lettered_total(?:\{[^}]*\})? (\d+)/m.exec(text);
      return match ? Number(match[1]) : 0;
    };
    const before = await metric();

    // An audit event the audit service cannot store (no action): a poison event.
    const envelope = createEventEnvelope(
      'events.audit.entry.recorded',
      { outcome: 'granted', targetType: 'client' } as unknown as AuditEntryData,
      { actor: null, correlationId: 'logs-poison-event-0001' },
    );
    const nc = await connect({ servers: testNatsUrl() });
    try {
      await jetstream(nc).publish(
        eventSubject('events.audit.entry.recorded', `${system.env.NATS_SUBJECT_PREFIX}.events`),
        JSON.stringify(envelope),
        { msgID: envelope.id },
      );
    } finally {
      await nc.close();
    }

    // Five attempts with back-off (1 + 2 + 4 + 8 s), then the dead letter.
    await eventually(async () => expect(await metric()).toBe(before + 1), { timeoutMs: 45_000 });
    const alert = lines().find(
      (line) =>
        line.context === 'EventConsumer:audit-log' &&
        line.level >= 50 &&
        /dead-lettered/.test(String(line.msg)),
    );
    expect(alert).toBeDefined();
    expect(String(alert!.msg)).toContain(envelope.id);
  }, 60_000);
});
