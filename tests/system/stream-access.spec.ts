import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { EventDataOf } from '#contracts';
import { OutboxWriter } from '#messaging';
import { eventually, passwordGrant } from '#testing';
import { DEMO_ORG_EMPLOYMENT, DEMO_ORG_MONI } from '../../apps/partners/src/demo/demo-organisations.js';
import { DEMO_USER_ADVISOR } from '../../apps/partners/src/demo/demo-users.js';
import { json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

const RECHECK_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A minimal Server-Sent Events reader that notices when the server ends the stream. */
class Stream {
  readonly frames: { event: string; data: Record<string, unknown> }[] = [];
  endedAt: number | null = null;
  private constructor(
    readonly status: number,
    private readonly abort: AbortController,
  ) {}

  static async open(system: RunningSystem, token: string, organisationId: string): Promise<Stream> {
    const abort = new AbortController();
    const res = await fetch(`${system.gatewayUrl}/api/v1/stream`, {
      headers: {
        Accept: 'text/event-stream',
        Authorization: `Bearer ${token}`,
        'X-Organisation-Id': organisationId,
      },
      signal: abort.signal,
    });
    const stream = new Stream(res.status, abort);
    if (res.ok && res.body) {
      void stream.read(res.body);
    }
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (data) {
            this.frames.push({ event, data: JSON.parse(data) as Record<string, unknown> });
          }
        }
      }
    } catch {
      // aborted by the test
    }
    this.endedAt = Date.now();
  }

  about(referralId: string) {
    return this.frames.filter(
      (f) =>
        f.event === 'referrals.referral.sent' &&
        (f.data.data as { referralId?: string })?.referralId === referralId,
    );
  }

  async ready(): Promise<void> {
    await eventually(() => expect(this.frames.some((f) => f.event === 'ready')).toBe(true));
  }

  close(): void {
    this.abort.abort();
  }
}

describe('GET /api/v1/stream: access ends with the membership', () => {
  let system: RunningSystem;
  let admin: ApiCaller;
  const streams: Stream[] = [];

  const open = async (username: string, organisationId: string) => {
    const stream = await Stream.open(
      system,
      await passwordGrant(system.idp.baseUrl, username),
      organisationId,
    );
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.ready();
    return stream;
  };

  /** A new referral to the organisation, committed through a service's outbox. */
  async function referralTo(receivingOrganisationId: string): Promise<string> {
    const app = system.services.get('referrals')!;
    const data: EventDataOf<'events.referrals.referral.sent'> = {
      referralId: randomUUID(),
      sendingOrganisationId: DEMO_ORG_MONI,
      receivingOrganisationId,
      senderUserId: DEMO_USER_ADVISOR,
      assigneeUserId: null,
      need: 'employment',
      urgency: 'routine',
      serviceId: null,
    };
    await app.get<DataSource>(getDataSourceToken()).transaction((manager) =>
      app.get(OutboxWriter).append(manager, 'events.referrals.referral.sent', data, {
        actor: null,
        correlationId: `corr-${randomUUID()}`,
      }),
    );
    return data.referralId;
  }

  async function newOrganisationWith(email: string, role: string): Promise<string> {
    const created = await admin.post('/api/v1/organisations', {
      name: { fi: 'Striimiyhdistys ry', sv: 'Strömföreningen rf', en: 'Stream Association' },
      kind: 'non-governmental organisation',
      canReceive: true,
    });
    expect(created.status).toBe(201);
    const org = (await json(created)) as { id: string };
    expect((await admin.post(`/api/v1/organisations/${org.id}/members`, { email, role })).status).toBe(201);
    return org.id;
  }

  beforeAll(async () => {
    system = await startSystem({ gateway: { streamRecheckMs: RECHECK_MS } });
    admin = await loginAs(system, 'admin');
  });

  afterAll(async () => {
    streams.forEach((stream) => stream.close());
    await system?.stop();
  });

  it('closes the stream of a member deactivated through the admin API within the re-check interval', async () => {
    const orgId = await newOrganisationWith('redcross@partner.example', 'partner_staff');
    const stream = await open('redcross', orgId);
    const before = await referralTo(orgId);
    await eventually(() => expect(stream.about(before)).toHaveLength(1));

    const members = await json(await admin.get(`/api/v1/organisations/${orgId}/members`));
    const member = (members.items as { id: string; email: string }[]).find(
      (m) => m.email === 'redcross@partner.example',
    )!;
    const removed = await admin.request('DELETE', `/api/v1/organisations/${orgId}/members/${member.id}`);
    expect(removed.status).toBe(200);
    const deactivatedAt = Date.now();
    // Pushed at most one interval after the last check: anything later waits for a check first.
    await sleep(RECHECK_MS);
    const after = await referralTo(orgId);

    await eventually(() => expect(stream.endedAt).not.toBeNull(), { timeoutMs: 5_000 });
    expect(stream.endedAt! - deactivatedAt).toBeLessThan(RECHECK_MS * 2 + 1_000);
    expect(stream.about(after)).toHaveLength(0);
    // Coming back is refused.
    const again = await Stream.open(system, await passwordGrant(system.idp.baseUrl, 'redcross'), orgId);
    streams.push(again);
    expect(again.status).toBe(403);
  });

  it('closes the streams of the members of a deactivated organisation', async () => {
    const orgId = await newOrganisationWith('advisor2@moni.example', 'advisor');
    const stream = await open('advisor2', orgId);
    expect((await admin.post(`/api/v1/organisations/${orgId}/deactivate`)).status).toBe(200);
    const deactivatedAt = Date.now();
    // Pushed at most one interval after the last check: anything later waits for a check first.
    await sleep(RECHECK_MS);
    const after = await referralTo(orgId);
    await eventually(() => expect(stream.endedAt).not.toBeNull(), { timeoutMs: 5_000 });
    expect(stream.endedAt! - deactivatedAt).toBeLessThan(RECHECK_MS * 2 + 1_000);
    expect(stream.about(after)).toHaveLength(0);
  });

  it('keeps the stream of a member in good standing open across re-checks', async () => {
    const stream = await open('employment', DEMO_ORG_EMPLOYMENT);
    await sleep(RECHECK_MS * 4);
    const referralId = await referralTo(DEMO_ORG_EMPLOYMENT);
    await eventually(() => expect(stream.about(referralId)).toHaveLength(1));
    expect(stream.endedAt).toBeNull();
  });
});
