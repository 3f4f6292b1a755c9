import 'reflect-metadata';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AppError, type Envelope, type HealthReport } from '#contracts';
import { testNatsUrl, uniqueSuffix } from '#testing';
import { natsServerStrategy, RpcErrorFilter, ServiceClient } from '../src/index.js';
import { TcpProxy } from './support/tcp-proxy.js';

const handled: { replica: number; correlationId: string; actorUser: string | undefined }[] = [];

function createReplica(replica: number) {
  @Controller()
  class EchoController {
    @MessagePattern('clients.health.check')
    echo(@Payload() envelope: Envelope<unknown>): HealthReport {
      handled.push({ replica, correlationId: envelope.correlationId, actorUser: envelope.actor?.userId });
      return { service: `replica-${replica}`, status: 'up', checks: {} };
    }

    @MessagePattern('referrals.health.check')
    refuse(): never {
      throw new AppError('RESOURCE.NOT_FOUND', 'No such thing', { id: 'x' });
    }

    @MessagePattern('notifications.health.check')
    async hang(): Promise<HealthReport> {
      await new Promise((resolve) => setTimeout(resolve, 600));
      return { service: 'too late', status: 'up', checks: {} };
    }

    @MessagePattern('audit.health.check')
    crash(): never {
      throw new Error('a bug with a client name: Amina');
    }

    @MessagePattern('statistics.health.check')
    silent(): void {
      // Answers with no response at all.
    }
  }

  @Module({ controllers: [EchoController] })
  class EchoModule {}
  return EchoModule;
}

describe('typed request/reply over NATS', () => {
  const prefix = `t${uniqueSuffix()}`;
  const replicas: INestMicroservice[] = [];
  let client: ServiceClient;

  beforeAll(async () => {
    for (const replica of [1, 2]) {
      const app = await NestFactory.createMicroservice(createReplica(replica), {
        ...natsServerStrategy({ natsUrl: testNatsUrl() }, 'clients', prefix),
        logger: false,
      });
      app.useGlobalFilters(new RpcErrorFilter());
      await app.listen();
      replicas.push(app);
    }
    client = new ServiceClient({
      natsUrl: testNatsUrl(),
      clientName: 'test',
      timeoutMs: 2000,
      subjectPrefix: prefix,
    });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await Promise.all(replicas.map((app) => app.close()));
  });

  const actor = { userId: 'user-1', username: 'advisor', organisationId: null, role: null, realmRoles: [] };

  /** A client of the replicas whose connection to NATS goes through `proxy`. */
  const clientThrough = (proxy: TcpProxy, clientName: string): ServiceClient =>
    new ServiceClient({
      natsUrl: `nats://127.0.0.1:${proxy.listeningPort}`,
      clientName,
      timeoutMs: 2000,
      subjectPrefix: prefix,
    });

  it('delivers the envelope with actor and correlation id, and returns the reply', async () => {
    const reply = await client.request('clients.health.check', {}, { actor, correlationId: 'corr-rpc-0001' });
    expect(reply.service).toMatch(/^replica-[12]$/);
    expect(handled).toContainEqual({
      replica: expect.any(Number),
      correlationId: 'corr-rpc-0001',
      actorUser: 'user-1',
    });
  });

  it('shares requests across the queue group: each request is handled by exactly one replica', async () => {
    handled.length = 0;
    const ids = Array.from({ length: 20 }, (_, i) => `corr-queue-${i.toString().padStart(4, '0')}`);
    await Promise.all(
      ids.map((id) => client.request('clients.health.check', {}, { actor, correlationId: id })),
    );
    expect(handled.map((h) => h.correlationId).sort()).toEqual([...ids].sort());
  });

  // Nest's own client subscribed a reply subject of its own for every request (and unsubscribed it
  // after): a subscription change each time on the client and on nats-server. A proxy between the
  // client and NATS reads what the client says.
  it('takes every reply on one subscription, not one per request', async () => {
    const nats = new URL(testNatsUrl());
    const proxy = await TcpProxy.start(nats.hostname, Number(nats.port), { recordClients: true });
    const recorded = clientThrough(proxy, 'recorded');
    try {
      for (const n of [1, 2, 3, 4, 5]) {
        await recorded.request('clients.health.check', {}, { actor, correlationId: `corr-mux-000${n}` });
      }
    } finally {
      await recorded.close();
      await proxy.cut();
    }
    const lines = proxy.clientText().split('\r\n');
    expect(lines.filter((line) => line.startsWith('PUB ') || line.startsWith('HPUB '))).toHaveLength(5);
    expect(lines.filter((line) => line.startsWith('SUB '))).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('UNSUB '))).toHaveLength(0);
  });

  it('refuses while NATS cannot be reached, and connects on a later request once it can', async () => {
    const nats = new URL(testNatsUrl());
    const proxy = await TcpProxy.start(nats.hostname, Number(nats.port));
    await proxy.cut();
    const late = clientThrough(proxy, 'late');
    try {
      await expect(
        late.request('clients.health.check', {}, { actor, correlationId: 'corr-rpc-0007' }),
      ).rejects.toMatchObject({ code: 'SERVICE.UNAVAILABLE' });
      await proxy.restore();
      const reply = await late.request('clients.health.check', {}, { actor, correlationId: 'corr-rpc-0008' });
      expect(reply.service).toMatch(/^replica-[12]$/);
    } finally {
      await late.close();
      await proxy.cut();
    }
  });

  it('maps a reply without a response (a handler that returned nothing) to SERVICE.UNAVAILABLE', async () => {
    await expect(
      client.request('statistics.health.check', {}, { actor, correlationId: 'corr-rpc-0009' }),
    ).rejects.toMatchObject({ code: 'SERVICE.UNAVAILABLE' });
  });

  it('brings a remote AppError back as the same AppError', async () => {
    const error: unknown = await client
      .request('referrals.health.check', {}, { actor, correlationId: 'corr-rpc-0002' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'RESOURCE.NOT_FOUND',
      message: 'No such thing',
      details: { id: 'x' },
    });
  });

  it('turns an unexpected remote error into INTERNAL.ERROR without its message', async () => {
    const error = (await client
      .request('audit.health.check', {}, { actor, correlationId: 'corr-rpc-0003' })
      .catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('INTERNAL.ERROR');
    expect(error.message).not.toContain('Amina');
  });

  it('maps a subject nobody serves to SERVICE.UNAVAILABLE', async () => {
    await expect(
      client.request('partners.health.check', {}, { actor, correlationId: 'corr-rpc-0004' }, 300),
    ).rejects.toMatchObject({ code: 'SERVICE.UNAVAILABLE' });
  });

  it('maps a reply that comes too late to SERVICE.UNAVAILABLE after the timeout', async () => {
    const started = Date.now();
    const error = (await client
      .request('notifications.health.check', {}, { actor, correlationId: 'corr-rpc-0006' }, 300)
      .catch((e: unknown) => e)) as AppError;
    expect(error).toMatchObject({ code: 'SERVICE.UNAVAILABLE', message: expect.stringContaining('in time') });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('does not answer requests of another namespace', async () => {
    const other = new ServiceClient({
      natsUrl: testNatsUrl(),
      clientName: 'other',
      timeoutMs: 300,
      subjectPrefix: `t${uniqueSuffix()}`,
    });
    await other.connect();
    try {
      await expect(
        other.request('clients.health.check', {}, { actor, correlationId: 'corr-rpc-0005' }),
      ).rejects.toMatchObject({
        code: 'SERVICE.UNAVAILABLE',
      });
    } finally {
      await other.close();
    }
  });
});
