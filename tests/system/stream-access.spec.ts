import { randomUUID } from 'node:crypto';
import type { EventDataOf } from '#contracts';
import { eventually, passwordGrant } from '#testing';
import { DEMO_ORG_EMPLOYMENT, DEMO_ORG_MONI } from '../../apps/partners/src/demo/demo-organisations.js';
import { DEMO_USER_ADVISOR } from '../../apps/partners/src/demo/demo-users.js';
import { SseClient } from '../support/sse-client.js';
import {
  emitEvent,
  json,
  loginAs,
  startSystem,
  type ApiCaller,
  type RunningSystem,
} from '../support/system.js';

const RECHECK_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('GET /api/v1/stream: access ends with the membership', () => {
  let system: RunningSystem;
  let admin: ApiCaller;
  const streams: SseClient[] = [];

  const open = async (username: string, organisationId: string) => {
    const stream = await SseClient.open(
      system.gatewayUrl,
      await passwordGrant(system.idp.baseUrl, username),
      { 'X-Organisation-Id': organisationId },
    );
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.ready();
    return stream;
  };

  /** A new referral to the organisation, committed through a service's outbox. */
  async function referralTo(receivingOrganisationId: string): Promise<string> {
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
    await emitEvent(system, 'events.referrals.referral.sent', data);
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
    const orgId = await newOrganisationWith('redcross@partner.example', 'org_admin');
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
    const again = await SseClient.open(
      system.gatewayUrl,
      await passwordGrant(system.idp.baseUrl, 'redcross'),
      { 'X-Organisation-Id': orgId },
    );
    streams.push(again);
    expect(again.status).toBe(403);
  });

  it('closes the streams of the members of a deactivated organisation', async () => {
    const orgId = await newOrganisationWith('advisor2@moni.example', 'org_admin');
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
