import 'reflect-metadata';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AppError, type Envelope, type HealthReport } from '#contracts';
import { testNatsUrl, uniqueSuffix } from '#testing';
import { natsServerStrategy, RpcErrorFilter, ServiceClient } from '../src/index.js';

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
  }

  @Module({ controllers: [EchoController] })
  class EchoModule {}
  return EchoModule;
}

/** A TCP proxy to NATS that keeps what the client sends, to count its protocol lines. */
async function recordingProxy(
  natsUrl: string,
): Promise<{ url: string; sent: () => string; close: () => void }> {
  const target = new URL(natsUrl);
  const chunks: Buffer[] = [];
  const server = createServer((socket) => {
    const upstream = createConnection(Number(target.port), target.hostname);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `nats://127.0.0.1:${port}`,
    sent: () => Buffer.concat(chunks).toString('latin1'),
    close: () => server.close(),
  };
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
    const { url, sent, close } = await recordingProxy(testNatsUrl());
    const recorded = new ServiceClient({
      natsUrl: url,
      clientName: 'recorded',
      timeoutMs: 2000,
      subjectPrefix: prefix,
    });
    try {
      for (const n of [1, 2, 3, 4, 5]) {
        await recorded.request('clients.health.check', {}, { actor, correlationId: `corr-mux-000${n}` });
      }
    } finally {
      await recorded.close();
      close();
    }
    const lines = sent().split('\r\n');
    expect(lines.filter((line) => line.startsWith('PUB ') || line.startsWith('HPUB '))).toHaveLength(5);
    expect(lines.filter((line) => line.startsWith('SUB '))).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('UNSUB '))).toHaveLength(0);
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
