// The create's path with the project's frameworks and nothing of the project: an HTTP request to a
// Nest (Express) gateway, which asks a "partners" process over NATS (Nest's NATS transport) for the
// caller's membership, then a "referrals" process for the create; that one asks "partners" for the
// organisations, then a "clients" process for the snapshot (a transaction: two reads, one insert),
// then commits its own transaction (an advisory lock, three inserts) and replies. No JWT, no
// validation, no envelope, no logger, no encryption, no events consumed: whatever this costs, the
// real create costs at least as much (`npm run bench:floor`, docs/performance.md).
//
// One file, one process per role: `node skeleton.js <gateway|partners|referrals|clients>`, with
// NATS_URL, DATABASE_URL and (gateway) PORT; or all of them in one: `node skeleton.js one-process`.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Module, Post, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { SQL, type Statement } from './sql.js';

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const databaseUrl = process.env.DATABASE_URL ?? '';
const nats: NatsConnection = await connect({ servers: natsUrl });

/** The subjects the roles answer; the prefix keeps them apart from anything else on the server. */
const SUBJECTS = {
  membership: 'floor.membership',
  lookup: 'floor.lookup',
  snapshot: 'floor.snapshot',
  create: 'floor.create',
} as const;

let dataSource: DataSource;

async function openDatabase(): Promise<void> {
  dataSource = new DataSource({ type: 'postgres', url: databaseUrl, extra: { max: 10 } });
  await dataSource.initialize();
}

type Row = Record<string, unknown>;

/** A named statement: node-postgres prepares it on the connection's first run of it. */
async function prepared(client: PoolClient, statement: Statement, values: unknown[]): Promise<Row[]> {
  return (await client.query<Row>({ name: statement, text: SQL[statement], values })).rows;
}

/** One statement on a pooled connection, outside any transaction. */
async function single(statement: Statement, values: unknown[]): Promise<Row[]> {
  const runner = dataSource.createQueryRunner();
  try {
    return await prepared((await runner.connect()) as PoolClient, statement, values);
  } finally {
    await runner.release();
  }
}

/** A transaction through TypeORM's query runner, its statements prepared on the runner's connection. */
async function transaction<T>(work: (run: (s: Statement, v: unknown[]) => Promise<Row[]>) => Promise<T>) {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    await runner.startTransaction();
    try {
      const result = await work((statement, values) => prepared(client, statement, values));
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/** A request as the services' ServiceClient makes it: Nest's packet, the NATS client's own request. */
async function request<T>(subject: string, data: unknown): Promise<T> {
  const reply = await nats.request(subject, JSON.stringify({ pattern: subject, data, id: randomUUID() }), {
    timeout: 5_000,
  });
  const packet = reply.json<{ response?: T; err?: unknown }>();
  if (packet.err) {
    throw new Error(`${subject}: ${JSON.stringify(packet.err)}`);
  }
  return packet.response as T;
}

interface CreateBody {
  userId: string;
  clientId: string;
  receiverId: string;
  reason: string;
}

@Controller()
class PartnersHandlers {
  @MessagePattern(SUBJECTS.membership)
  async membership(userId: string) {
    const [member] = await single('membership', [userId]);
    return { organisationId: member.organisation_id, role: member.role };
  }

  @MessagePattern(SUBJECTS.lookup)
  async lookup(ids: string[]) {
    return single('lookup', [ids]);
  }
}

@Controller()
class ClientsHandlers {
  @MessagePattern(SUBJECTS.snapshot)
  async snapshot(data: { clientId: string; receiverId: string }) {
    return transaction(async (run) => {
      const [client] = (await run('client', [data.clientId])) as { data: unknown }[];
      const [consent] = (await run('consent', [data.clientId, data.receiverId])) as { id: string }[];
      const id = randomUUID();
      await run('disclosure', [id, data.clientId, client.data, { disclosure: id, consent: consent.id }]);
      return { disclosureId: id, consentId: consent.id, shared: client.data };
    });
  }
}

@Controller()
class ReferralsHandlers {
  @MessagePattern(SUBJECTS.create)
  async create(data: CreateBody & { organisationId: string }) {
    const organisations = await request<{ id: string }[]>(SUBJECTS.lookup, [
      data.organisationId,
      data.receiverId,
    ]);
    const snapshot = await request<{ shared: unknown }>(SUBJECTS.snapshot, {
      clientId: data.clientId,
      receiverId: data.receiverId,
    });
    const id = randomUUID();
    await transaction(async (run) => {
      await run('lock', [`referral-client:${data.clientId}`]);
      await run('referral', [id, data.clientId, data.organisationId, data.receiverId, snapshot.shared]);
      await run('history', [randomUUID(), id]);
      const event = { referralId: id, receiver: data.receiverId, reason: data.reason };
      await run('events', [event, { ...event, actor: data.userId }]);
    });
    return { id, status: 'requested', organisations: organisations.length };
  }
}

@Controller()
class GatewayRoutes {
  @Post('floor/referrals')
  @HttpCode(201)
  async create(@Body() body: CreateBody) {
    const member = await request<{ organisationId: string }>(SUBJECTS.membership, body.userId);
    return request(SUBJECTS.create, { ...body, organisationId: member.organisationId });
  }
}

function moduleOf(controller: Type): Type {
  @Module({ controllers: [controller] })
  class RoleModule {}
  return RoleModule;
}

async function runMicroservice(controller: Type): Promise<void> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(moduleOf(controller), {
    transport: Transport.NATS,
    options: { servers: [natsUrl] },
    logger: false,
  });
  await app.listen();
}

async function runGateway(): Promise<void> {
  const app = await NestFactory.create(moduleOf(GatewayRoutes), { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

// `one-process`: every role in one process, still talking over NATS: what the path costs with
// the hops but without the processes between them.
const role = process.argv[2];
const handlers: Record<string, Type> = {
  partners: PartnersHandlers,
  clients: ClientsHandlers,
  referrals: ReferralsHandlers,
};
const roles = role === 'one-process' ? [...Object.keys(handlers), 'gateway'] : [role];
if (roles.some((each) => each !== 'gateway' && !handlers[each])) {
  throw new Error(`unknown role ${role}`);
}
if (roles.some((each) => handlers[each])) {
  await openDatabase();
}
for (const each of roles) {
  await (each === 'gateway' ? runGateway() : runMicroservice(handlers[each]));
}
process.stdout.write(`${role} ready\n`);
process.on('SIGTERM', () => process.exit(0));
