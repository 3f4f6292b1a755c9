// The closed loop through the gateway with real tokens (issue 5, "Done when"), and its refusals.
import { REFERRAL_STATUSES, type ReferralStatus, type ReferralView } from '#contracts';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { eventually } from '#testing';
import { ScheduledJobs } from '../../apps/clients/src/jobs/scheduled-jobs.js';
import {
  DEMO_ORG_EMPLOYMENT,
  DEMO_ORG_KAKSKATTA,
  DEMO_ORG_KELA,
  DEMO_ORG_PENDING,
  DEMO_ORG_SEDU,
} from '../../apps/partners/src/demo/demo-organisations.js';
import {
  DEMO_USER_EMPLOYMENT,
  DEMO_USER_KELA,
  DEMO_USER_PARTNER_SYSTEM,
} from '../../apps/partners/src/demo/demo-users.js';
import { DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH } from '../../apps/partners/src/directory/demo-services.js';
import { planTransition, type Party } from '../../apps/referrals/src/referral/referral-state-machine.js';
import { json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

let system: RunningSystem;
let advisor: ApiCaller;
let employment: ApiCaller;
let kela: ApiCaller;
let admin: ApiCaller;

const CONSENT = {
  purposes: ['referral', 'follow_up'],
  method: 'signed_form',
  givenBy: 'client',
  noticeVersion: '2025-1',
  noticeLanguage: 'fi',
  interpreterUsed: false,
};

async function registerClient(lastName: string): Promise<string> {
  const res = await advisor.post('/api/v1/clients', {
    firstName: 'Amina',
    lastName,
    dateOfBirth: '1990-05-17',
    languages: ['so', 'fi'],
    preferredLanguage: 'so',
    phone: '+358401234567',
    email: `${lastName.toLowerCase()}@example.org`,
    needs: [
      { category: 'employment', description: 'Looking for work in logistics' },
      { category: 'health', description: 'Back pain limits heavy lifting' },
    ],
    confirmDuplicate: true,
  });
  expect(res.status).toBe(201);
  return (await json(res)).id as string;
}

async function recordConsent(
  clientId: string,
  organisationIds: string[],
  categories: string[],
): Promise<string> {
  const res = await advisor.post(`/api/v1/clients/${clientId}/consents`, {
    ...CONSENT,
    recipientOrganisationIds: organisationIds,
    categories,
  });
  expect(res.status).toBe(201);
  return (await json(res)).id as string;
}

function referralBody(clientId: string, overrides: Record<string, unknown> = {}) {
  return {
    clientId,
    receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
    need: 'employment',
    reason: 'Has a forklift licence; looking for warehouse work',
    urgency: 'routine',
    categories: ['identity', 'contact', 'language'],
    language: 'fi',
    interpreterNeeded: true,
    send: true,
    ...overrides,
  };
}

async function move(caller: ApiCaller, id: string, version: number, body: Record<string, unknown>) {
  const res = await caller.post(`/api/v1/referrals/${id}/transitions`, body, { 'If-Match': `"${version}"` });
  return { res, body: await json(res) };
}

beforeAll(async () => {
  system = await startSystem({ gateway: { rateLimitPerMinute: 100_000 } });
  [advisor, employment, kela, admin] = await Promise.all(
    ['advisor', 'employment', 'kela', 'admin'].map((username) => loginAs(system, username)),
  );
});

afterAll(async () => {
  await system?.stop();
});

describe('the closed loop', () => {
  it('goes from consent to an outcome, seen by both sides, hidden from everyone else', async () => {
    const clientId = await registerClient('Loop');
    const consentId = await recordConsent(
      clientId,
      [DEMO_ORG_EMPLOYMENT],
      ['identity', 'contact', 'language'],
    );

    const created = await advisor.post(
      '/api/v1/referrals',
      referralBody(clientId, { categories: ['identity', 'contact'] }),
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const referral = await json(created);
    expect(referral).toMatchObject({
      status: 'requested',
      consentId,
      receivingOrganisation: { id: DEMO_ORG_EMPLOYMENT },
    });

    // kela cannot see it, nor change it.
    expect((await kela.get(`/api/v1/referrals/${referral.id}`)).status).toBe(404);
    expect((await move(kela, referral.id, 1, { to: 'received' })).res.status).toBe(404);
    const kelaInbox = await json(await kela.get('/api/v1/referrals?box=incoming'));
    expect(kelaInbox.items.map((item: { id: string }) => item.id)).not.toContain(referral.id);

    // employment finds it in the inbox, needing action.
    const inbox = await json(await employment.get('/api/v1/referrals?box=incoming&status=requested'));
    expect(inbox.items.map((item: { id: string }) => item.id)).toContain(referral.id);
    expect(inbox.counts.requested).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(inbox.items)).not.toMatch(/Amina|forklift/);

    // Opening it is `received`; only the consented categories are there.
    const opened = await employment.get(`/api/v1/referrals/${referral.id}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('etag')).toBe('"2"');
    const view = await json(opened);
    expect(view.status).toBe('received');
    expect(Object.keys(view.sharedData).sort()).toEqual(['contact', 'identity']);
    expect(view.sharedData.identity).toMatchObject({ firstName: 'Amina', lastName: 'Loop' });
    expect(JSON.stringify(view.sharedData)).not.toMatch(/Back pain|logistics/);

    const accepted = await move(employment, referral.id, 2, { to: 'accepted' });
    expect(accepted.res.status).toBe(200);
    expect(accepted.res.headers.get('etag')).toBe('"3"');
    const started = await move(employment, referral.id, 3, {
      to: 'in_progress',
      note: 'First meeting on Monday',
    });
    expect(started.body.status).toBe('in_progress');
    const completed = await move(employment, referral.id, 4, {
      to: 'completed',
      outcomeCode: 'service_started',
    });
    expect(completed.body).toMatchObject({ status: 'completed', outcomeCode: 'service_started', version: 5 });

    // The advisor sees each step in the outbox, with its history.
    const outbox = await json(await advisor.get('/api/v1/referrals?box=outgoing'));
    expect(outbox.items.find((item: { id: string }) => item.id === referral.id)).toMatchObject({
      status: 'completed',
    });
    const seen = await json(await advisor.get(`/api/v1/referrals/${referral.id}`));
    expect(seen.history.map((entry: { to: string; party: string }) => [entry.to, entry.party])).toEqual([
      ['requested', 'sender'],
      ['received', 'receiver'],
      ['accepted', 'receiver'],
      ['in_progress', 'receiver'],
      ['completed', 'receiver'],
    ]);

    // The two organisations talk in the referral's thread.
    expect(
      (await employment.post(`/api/v1/referrals/${referral.id}/messages`, { body: 'Client started.' }))
        .status,
    ).toBe(201);
    const thread = await json(await advisor.get(`/api/v1/referrals/${referral.id}/messages`));
    expect(thread.items.map((message: { body: string }) => message.body)).toEqual(['Client started.']);
    // The author as they signed in, beside the username: what the advisor reads the message from.
    expect(thread.items[0]).toMatchObject({
      authorName: 'Elina Employment',
      authorUsername: 'employment',
      authorOrganisationId: DEMO_ORG_EMPLOYMENT,
    });
    expect((await kela.get(`/api/v1/referrals/${referral.id}/messages`)).status).toBe(404);
  });

  it('cancels an open referral when its consent is withdrawn and redacts the partner’s view', async () => {
    const clientId = await registerClient('Withdrawn');
    const consentId = await recordConsent(
      clientId,
      [DEMO_ORG_EMPLOYMENT],
      ['identity', 'contact', 'language'],
    );
    const referral = await json(await advisor.post('/api/v1/referrals', referralBody(clientId)));
    const opened = await json(await employment.get(`/api/v1/referrals/${referral.id}`));
    expect(opened.sharedData).not.toBeNull();

    const withdrawn = await advisor.post(`/api/v1/consents/${consentId}/withdraw`, { method: 'verbal' });
    expect(withdrawn.status).toBe(200);

    const after = await eventually(async () => {
      const current = (await json(await employment.get(`/api/v1/referrals/${referral.id}`))) as {
        status: string;
        history: unknown[];
      };
      expect(current.status).toBe('cancelled');
      return current;
    });
    expect(after).toMatchObject({
      reasonCode: 'consent_withdrawn',
      sharedData: null,
      sharedDataRedacted: true,
    });
    expect(after.history.at(-1)).toMatchObject({ from: 'received', to: 'cancelled', party: 'system' });

    // And nothing more goes out on it.
    const again = await advisor.post('/api/v1/referrals', referralBody(clientId));
    expect(again.status).toBe(422);
    expect(await json(again)).toMatchObject({ code: 'CONSENT.NOT_COVERED' });
  });
});

describe('a superseded consent', () => {
  it('moves the referrals it covers to the new consent and ends the rest; withdrawing the new one ends them too', async () => {
    const clientId = await registerClient('Superseded');
    const first = await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity', 'contact', 'language']);
    const covered = await json(
      await advisor.post(
        '/api/v1/referrals',
        referralBody(clientId, { categories: ['identity', 'contact'] }),
      ),
    );
    const wider = await json(
      await advisor.post(
        '/api/v1/referrals',
        referralBody(clientId, { categories: ['identity', 'language'], confirmDuplicate: true }),
      ),
    );
    expect((await json(await employment.get(`/api/v1/referrals/${covered.id}`))).status).toBe('received');

    // The new consent leaves out `language`.
    const renewed = await advisor.post(`/api/v1/clients/${clientId}/consents`, {
      ...CONSENT,
      recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT],
      categories: ['identity', 'contact'],
      supersedesConsentId: first,
    });
    expect(renewed.status).toBe(201);
    const second = (await json(renewed)) as { id: string; version: number };

    const ended = await eventually(async () => {
      const view = (await json(await employment.get(`/api/v1/referrals/${wider.id}`))) as ReferralView;
      expect(view.status).toBe('cancelled');
      return view;
    });
    expect(ended).toMatchObject({
      reasonCode: 'consent_withdrawn',
      sharedData: null,
      sharedDataRedacted: true,
    });
    const moved = await eventually(async () => {
      const view = (await json(await employment.get(`/api/v1/referrals/${covered.id}`))) as ReferralView;
      expect(view.consentId).toBe(second.id);
      return view;
    });
    expect(moved).toMatchObject({
      status: 'received',
      consentVersion: second.version,
      sharedDataRedacted: false,
    });
    expect(Object.keys(moved.sharedData ?? {}).sort()).toEqual(['contact', 'identity']);

    expect((await advisor.post(`/api/v1/consents/${second.id}/withdraw`, { method: 'verbal' })).status).toBe(
      200,
    );
    const after = await eventually(async () => {
      const view = (await json(await employment.get(`/api/v1/referrals/${covered.id}`))) as ReferralView;
      expect(view.status).toBe('cancelled');
      return view;
    });
    expect(after).toMatchObject({
      reasonCode: 'consent_withdrawn',
      sharedData: null,
      sharedDataRedacted: true,
    });
    expect(after.history.at(-1)).toMatchObject({ from: 'received', to: 'cancelled', party: 'system' });
  });
});

describe('assignment', () => {
  it('assigns to an active member of the receiving organisation only', async () => {
    const clientId = await registerClient('Assigned');
    await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity', 'contact', 'language']);
    const referral = await json(await advisor.post('/api/v1/referrals', referralBody(clientId)));
    const opened = await json(await employment.get(`/api/v1/referrals/${referral.id}`));

    for (const assigneeId of [DEMO_USER_KELA, '6f1c3a52-8a4e-4c61-9d7f-0a4c2b1e9d33', 'not-a-user']) {
      const refused = await employment.patch(
        `/api/v1/referrals/${referral.id}`,
        { assigneeId },
        { 'If-Match': `"${opened.version}"` },
      );
      expect(refused.status).toBe(422);
      expect(await json(refused)).toMatchObject({
        code: 'RULE.VIOLATED',
        details: { field: 'assigneeId', reason: 'not_a_member' },
      });
    }
    // The organisation's partner system is a member, but a system: it takes no referral.
    const toSystem = await employment.patch(
      `/api/v1/referrals/${referral.id}`,
      { assigneeId: DEMO_USER_PARTNER_SYSTEM },
      { 'If-Match': `"${opened.version}"` },
    );
    expect(toSystem.status).toBe(422);
    expect(await json(toSystem)).toMatchObject({
      code: 'RULE.VIOLATED',
      details: { field: 'assigneeId', reason: 'system_account' },
    });
    // A stale version is still a 412, before the membership is asked.
    expect(
      (
        await employment.patch(
          `/api/v1/referrals/${referral.id}`,
          { assigneeId: DEMO_USER_KELA },
          { 'If-Match': '"99"' },
        )
      ).status,
    ).toBe(412);

    const assigned = await employment.patch(
      `/api/v1/referrals/${referral.id}`,
      { assigneeId: DEMO_USER_EMPLOYMENT },
      { 'If-Match': `"${opened.version}"` },
    );
    expect(assigned.status).toBe(200);
    expect(await json(assigned)).toMatchObject({
      assigneeId: DEMO_USER_EMPLOYMENT,
      version: opened.version + 1,
    });
    const mine = await json(await employment.get('/api/v1/referrals?box=incoming&assignee=me'));
    expect(mine.items.map((item: { id: string }) => item.id)).toContain(referral.id);

    // The sender does not assign, and another organisation does not see it.
    expect((await advisor.patch(`/api/v1/referrals/${referral.id}`, { assigneeId: null })).status).toBe(403);
    expect(
      (await kela.patch(`/api/v1/referrals/${referral.id}`, { assigneeId: DEMO_USER_KELA })).status,
    ).toBe(404);
    const cleared = await employment.patch(`/api/v1/referrals/${referral.id}`, { assigneeId: null });
    expect(await json(cleared)).toMatchObject({ assigneeId: null });
  });
});

/** The reason code a move needs: a cancellation's depends on who cancels. */
function reasonCodeFor(to: ReferralStatus, party: Party): string | undefined {
  if (to === 'cancelled') {
    return party === 'system' ? 'expired' : 'client_request';
  }
  return REASON_CODES[to];
}

const REASON_CODES: Partial<Record<ReferralStatus, string>> = {
  rejected: 'no_capacity',
  on_hold: 'waitlisted',
  failed: 'did_not_attend',
};

/** The HTTP status of a refused move: 409 for a move that does not exist, 403 for the wrong party. */
function refusalStatusOf(code: string): number {
  if (code === 'REFERRAL.ILLEGAL_TRANSITION') {
    return 409;
  }
  return code === 'REFERRAL.TRANSITION_NOT_ALLOWED' ? 403 : 422;
}

describe('refusals', () => {
  it('refuses categories beyond the consent and health without explicit consent, naming what is missing', async () => {
    const clientId = await registerClient('Categories');
    await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity', 'contact']);
    for (const categories of [
      ['identity', 'background'],
      ['identity', 'health'],
    ]) {
      const res = await advisor.post('/api/v1/referrals', referralBody(clientId, { categories }));
      expect(res.status).toBe(422);
      const body = await json(res);
      expect(body).toMatchObject({
        code: 'CONSENT.NOT_COVERED',
        details: { missingCategories: [categories[1]] },
      });
      expect(body.correlationId).toEqual(expect.any(String));
    }
    const kelaRes = await advisor.post(
      '/api/v1/referrals',
      referralBody(clientId, { receivingOrganisationId: DEMO_ORG_KELA }),
    );
    expect(kelaRes.status).toBe(422);
    expect(await json(kelaRes)).toMatchObject({ code: 'CONSENT.NOT_COVERED' });
    const outbox = await json(await advisor.get('/api/v1/referrals?box=outgoing'));
    expect(outbox.items.filter((item: { clientId: string }) => item.clientId === clientId)).toEqual([]);
  });

  it('refuses pending, deactivated and non-receiving organisations', async () => {
    const clientId = await registerClient('Recipients');
    expect((await admin.patch(`/api/v1/organisations/${DEMO_ORG_SEDU}`, { canReceive: false })).status).toBe(
      200,
    );
    expect(
      (await admin.post(`/api/v1/organisations/${DEMO_ORG_KAKSKATTA}/deactivate`, {})).status,
    ).toBeLessThan(300);
    for (const [organisationId, reason] of [
      [DEMO_ORG_PENDING, 'pending_agreement'],
      [DEMO_ORG_KAKSKATTA, 'deactivated'],
      [DEMO_ORG_SEDU, 'not_receiving'],
    ]) {
      const res = await advisor.post(
        '/api/v1/referrals',
        referralBody(clientId, { receivingOrganisationId: organisationId }),
      );
      expect(res.status).toBe(422);
      expect(await json(res)).toMatchObject({ code: 'REFERRAL.RECIPIENT_UNAVAILABLE', details: { reason } });
    }
  });

  it('refuses bad input, a stale version, a missing reason and the other side’s steps', async () => {
    const clientId = await registerClient('Refusals');
    await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity']);
    const bad = await advisor.post('/api/v1/referrals', {
      ...referralBody(clientId, { categories: ['identity'] }),
      colour: 'red',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await json(bad))).toMatch(/colour/);
    expect((await advisor.get('/api/v1/referrals/not-a-uuid')).status).toBe(400);
    expect((await advisor.get('/api/v1/referrals?box=sideways')).status).toBe(400);
    expect((await employment.post('/api/v1/referrals', referralBody(clientId))).status).toBe(403);

    const referral = await json(
      await advisor.post('/api/v1/referrals', referralBody(clientId, { categories: ['identity'] })),
    );
    const duplicate = await advisor.post(
      '/api/v1/referrals',
      referralBody(clientId, { categories: ['identity'] }),
    );
    expect(duplicate.status).toBe(409);
    expect(await json(duplicate)).toMatchObject({
      code: 'REFERRAL.POSSIBLE_DUPLICATE',
      details: { referralId: referral.id },
    });

    await employment.get(`/api/v1/referrals/${referral.id}`);
    const stale = await move(advisor, referral.id, 1, { to: 'cancelled', reasonCode: 'client_request' });
    expect(stale.res.status).toBe(412);
    expect(stale.body.code).toBe('RESOURCE.PRECONDITION_FAILED');
    const noReason = await move(employment, referral.id, 2, { to: 'rejected' });
    expect(noReason.res.status).toBe(422);
    expect(noReason.body).toMatchObject({
      code: 'REFERRAL.REASON_REQUIRED',
      details: { field: 'reasonCode' },
    });
    const unknownCode = await move(employment, referral.id, 2, { to: 'rejected', reasonCode: 'bored' });
    expect(unknownCode.res.status).toBe(422);
    const illegal = await move(employment, referral.id, 2, { to: 'completed', outcomeCode: 'other' });
    expect(illegal.res.status).toBe(409);
    expect(illegal.body).toMatchObject({
      code: 'REFERRAL.ILLEGAL_TRANSITION',
      details: { from: 'received', to: 'completed' },
    });
    const notYours = await move(advisor, referral.id, 2, { to: 'accepted' });
    expect(notYours.res.status).toBe(403);
    expect(notYours.body.code).toBe('REFERRAL.TRANSITION_NOT_ALLOWED');
    const badIfMatch = await employment.post(
      `/api/v1/referrals/${referral.id}/transitions`,
      { to: 'accepted' },
      { 'If-Match': 'yesterday' },
    );
    expect(badIfMatch.status).toBe(400);
    // Nothing changed.
    const current = await employment.get(`/api/v1/referrals/${referral.id}`);
    expect(current.headers.get('etag')).toBe('"2"');
    expect((await json(current)).status).toBe('received');
  });

  describe('every transition from every status by every role', () => {
    const fixtures = new Map<ReferralStatus, { id: string; version: number }>();
    const roles = ['advisor', 'employment', 'kela', 'admin'] as const;
    const partyOf: Record<(typeof roles)[number], Party | null> = {
      advisor: 'sender',
      employment: 'receiver',
      kela: null,
      admin: 'admin',
    };
    const callers = () => ({ advisor, employment, kela, admin });
    const codesFor = (to: ReferralStatus, party: Party) => ({
      reasonCode: reasonCodeFor(to, party),
      outcomeCode: to === 'completed' || to === 'failed' ? 'did_not_attend' : undefined,
      reasonText: to === 'entered_in_error' ? 'Wrong client' : undefined,
    });

    beforeAll(async () => {
      const clientId = await registerClient('Table');
      await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity']);
      const steps: Record<ReferralStatus, [keyof ReturnType<typeof callers>, ReferralStatus][]> = {
        draft: [],
        requested: [['advisor', 'requested']],
        received: [
          ['advisor', 'requested'],
          ['employment', 'received'],
        ],
        accepted: [
          ['advisor', 'requested'],
          ['employment', 'received'],
          ['employment', 'accepted'],
        ],
        rejected: [
          ['advisor', 'requested'],
          ['employment', 'received'],
          ['employment', 'rejected'],
        ],
        in_progress: [
          ['advisor', 'requested'],
          ['employment', 'received'],
          ['employment', 'accepted'],
          ['employment', 'in_progress'],
        ],
        on_hold: [
          ['advisor', 'requested'],
          ['employment', 'received'],
          ['employment', 'accepted'],
          ['employment', 'on_hold'],
        ],
        completed: [
          ['advisor', 'requested'],
          ['employment', 'received'],
          ['employment', 'accepted'],
          ['employment', 'in_progress'],
          ['employment', 'completed'],
        ],
        failed: [
          ['advisor', 'requested'],
          ['employment', 'received'],
          ['employment', 'accepted'],
          ['employment', 'in_progress'],
          ['employment', 'failed'],
        ],
        cancelled: [
          ['advisor', 'requested'],
          ['advisor', 'cancelled'],
        ],
        entered_in_error: [
          ['advisor', 'requested'],
          ['admin', 'entered_in_error'],
        ],
      };
      for (const status of REFERRAL_STATUSES) {
        const draft = await json(
          await advisor.post(
            '/api/v1/referrals',
            referralBody(clientId, { categories: ['identity'], send: false, confirmDuplicate: true }),
          ),
        );
        let version = draft.version as number;
        for (const [who, to] of steps[status]) {
          const moved = await move(callers()[who], draft.id, version, {
            to,
            ...codesFor(to, partyOf[who] ?? 'sender'),
          });
          expect(moved.res.status).toBe(200);
          version = moved.body.version;
        }
        fixtures.set(status, { id: draft.id, version });
      }
    });

    const cases = REFERRAL_STATUSES.flatMap((from) =>
      roles.flatMap((role) => REFERRAL_STATUSES.map((to) => [from, role, to] as const)),
    );

    it.each(cases)('%s, by %s, to %s', async (from, role, to) => {
      const fixture = fixtures.get(from)!;
      const party = partyOf[role];
      let expected: { status: number; code?: string } | null;
      if (party === null || (party === 'receiver' && from === 'draft')) {
        expected = { status: 404, code: 'RESOURCE.NOT_FOUND' };
      } else {
        try {
          planTransition({ from, to, party, ...codesFor(to, party) });
          expected = null; // allowed: the happy paths above make these moves
        } catch (error) {
          const code = (error as { code: string }).code;
          expected = {
            status: refusalStatusOf(code),
            code,
          };
        }
      }
      if (expected === null) {
        return;
      }
      const { res, body } = await move(callers()[role], fixture.id, fixture.version, {
        to,
        ...codesFor(to, party ?? 'sender'),
      });
      expect({ status: res.status, code: body.code }).toEqual(expected);
    });

    it('left every fixture as it was', async () => {
      for (const [status, fixture] of fixtures) {
        const view = await json(await advisor.get(`/api/v1/referrals/${fixture.id}`));
        expect({ status: view.status, version: view.version }).toEqual({ status, version: fixture.version });
      }
    });
  });
});

describe('health data, the thread, and every end of a consent', () => {
  it('shares `health` when the consent names it explicitly, and only the health needs', async () => {
    const clientId = await registerClient('Health');
    await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity', 'health']);
    const created = await advisor.post(
      '/api/v1/referrals',
      referralBody(clientId, { categories: ['identity', 'health'] }),
    );
    expect(created.status).toBe(201);
    const referral = await json(created);
    const view = await json(await employment.get(`/api/v1/referrals/${referral.id}`));
    expect(Object.keys(view.sharedData).sort()).toEqual(['health', 'identity']);
    expect(JSON.stringify(view.sharedData)).toMatch(/Back pain/);
    expect(JSON.stringify(view.sharedData)).not.toMatch(/logistics/);
  });

  it('never sends a draft after the consent was withdrawn; the cancelled draft never reaches the receiver', async () => {
    const clientId = await registerClient('Draft');
    const consentId = await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity']);
    const draft = await json(
      await advisor.post(
        '/api/v1/referrals',
        referralBody(clientId, { categories: ['identity'], send: false }),
      ),
    );
    expect(draft).toMatchObject({ status: 'draft', version: 1 });
    expect((await advisor.post(`/api/v1/consents/${consentId}/withdraw`, { method: 'verbal' })).status).toBe(
      200,
    );

    // Refused whether the consent check (422) or the cancellation of the draft (412) comes first.
    const sending = await move(advisor, draft.id, 1, { to: 'requested' });
    expect([422, 412]).toContain(sending.res.status);
    expect(['CONSENT.NOT_COVERED', 'RESOURCE.PRECONDITION_FAILED']).toContain(sending.body.code);
    const after = await eventually(async () => {
      const view = (await json(await advisor.get(`/api/v1/referrals/${draft.id}`))) as ReferralView;
      expect(view.status).toBe('cancelled');
      return view;
    });
    expect(after).toMatchObject({ reasonCode: 'consent_withdrawn', sharedData: null });
    expect(after.history.map((entry) => entry.to)).toEqual(['draft', 'cancelled']);
    await expectNeverTheReceivers(draft.id);
  });

  it('keeps a draft the sender cancelled from the receiver, and out of the thread', async () => {
    const clientId = await registerClient('Dropped');
    await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity']);
    const countsBefore = (await json(await employment.get('/api/v1/referrals?box=incoming'))).counts;
    const draft = await json(
      await advisor.post(
        '/api/v1/referrals',
        referralBody(clientId, { categories: ['identity'], send: false }),
      ),
    );
    const cancelled = await move(advisor, draft.id, 1, { to: 'cancelled', reasonCode: 'client_request' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    await expectNeverTheReceivers(draft.id);
    const message = await advisor.post(`/api/v1/referrals/${draft.id}/messages`, { body: 'Hello' });
    expect(message.status).toBe(422);
    expect((await json(await employment.get('/api/v1/referrals?box=incoming'))).counts).toEqual(countsBefore);
  });

  async function expectNeverTheReceivers(referralId: string): Promise<void> {
    expect((await employment.get(`/api/v1/referrals/${referralId}`)).status).toBe(404);
    expect((await employment.get(`/api/v1/referrals/${referralId}/messages`)).status).toBe(404);
    expect(
      (await employment.post(`/api/v1/referrals/${referralId}/messages`, { body: 'Hello?' })).status,
    ).toBe(404);
    for (const query of ['box=incoming', 'box=incoming&status=cancelled']) {
      const page = await json(await employment.get(`/api/v1/referrals?${query}&limit=100`));
      expect(page.items.map((item: { id: string }) => item.id)).not.toContain(referralId);
    }
  }

  it('keeps the thread from a third organisation: 404 for reading and for writing', async () => {
    const clientId = await registerClient('Thread');
    await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity']);
    const referral = await json(
      await advisor.post('/api/v1/referrals', referralBody(clientId, { categories: ['identity'] })),
    );
    expect(
      (await advisor.post(`/api/v1/referrals/${referral.id}/messages`, { body: 'Please call her' })).status,
    ).toBe(201);
    const posted = await kela.post(`/api/v1/referrals/${referral.id}/messages`, { body: 'Hello?' });
    expect(posted.status).toBe(404);
    expect(await json(posted)).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
    expect((await kela.get(`/api/v1/referrals/${referral.id}/messages`)).status).toBe(404);
    const thread = await json(await employment.get(`/api/v1/referrals/${referral.id}/messages`));
    expect(thread.items.map((message: { body: string }) => message.body)).toEqual(['Please call her']);
  });

  it('cancels and redacts the partner’s view when the consent expires, and refuses a new referral', async () => {
    const clientId = await registerClient('Expired');
    const consentId = await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity', 'contact']);
    const referral = await json(
      await advisor.post(
        '/api/v1/referrals',
        referralBody(clientId, { categories: ['identity', 'contact'] }),
      ),
    );
    expect((await json(await employment.get(`/api/v1/referrals/${referral.id}`))).sharedData).not.toBeNull();

    const clients = system.services.get('clients')!;
    await clients
      .get<DataSource>(getDataSourceToken())
      .query(`UPDATE "clients"."consents" SET "valid_until" = now() - interval '1 second' WHERE "id" = $1`, [
        consentId,
      ]);
    expect((await clients.get(ScheduledJobs).runOnce()).expired).toBeGreaterThanOrEqual(1);

    const after = await eventually(async () => {
      const current = (await json(await employment.get(`/api/v1/referrals/${referral.id}`))) as ReferralView;
      expect(current.status).toBe('cancelled');
      expect(current.sharedDataRedacted).toBe(true);
      return current;
    });
    expect(after).toMatchObject({ reasonCode: 'consent_withdrawn', sharedData: null });
    expect(after.history.at(-1)).toMatchObject({ from: 'received', to: 'cancelled', party: 'system' });
    // Expiry ends the partner's view of the texts as a withdrawal does.
    expect(after.reason).toBeNull();
    expect(JSON.stringify(after)).not.toMatch(/forklift|warehouse/);
    const again = await advisor.post(
      '/api/v1/referrals',
      referralBody(clientId, { categories: ['identity', 'contact'] }),
    );
    expect(again.status).toBe(422);
    expect(await json(again)).toMatchObject({ code: 'CONSENT.NOT_COVERED' });
  });

  it('cancels and redacts the partner’s view when the client is erased, blanking the reason and the thread', async () => {
    const clientId = await registerClient('Erased');
    await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity', 'contact']);
    const referral = await json(
      await advisor.post(
        '/api/v1/referrals',
        referralBody(clientId, { categories: ['identity', 'contact'] }),
      ),
    );
    await employment.get(`/api/v1/referrals/${referral.id}`);
    await employment.post(`/api/v1/referrals/${referral.id}/messages`, { body: 'Amina Erased called us' });

    const erased = await advisor.post(`/api/v1/clients/${clientId}/erase`, {});
    expect(erased.status).toBeLessThan(300);

    const after = await eventually(async () => {
      const current = (await json(await employment.get(`/api/v1/referrals/${referral.id}`))) as ReferralView;
      expect(current.status).toBe('cancelled');
      expect(current.sharedDataRedacted).toBe(true);
      expect(current.reason).toBeNull();
      return current;
    });
    expect(after).toMatchObject({ reasonCode: 'consent_withdrawn', sharedData: null });
    const both = [
      await json(await employment.get(`/api/v1/referrals/${referral.id}`)),
      await json(await advisor.get(`/api/v1/referrals/${referral.id}`)),
      await json(await employment.get(`/api/v1/referrals/${referral.id}/messages`)),
    ];
    expect(JSON.stringify(both)).not.toMatch(/Amina|Erased|forklift|warehouse/);
  });
});

describe('the boxes through the gateway', () => {
  const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);
  const box = async (caller: ApiCaller, query: string) => {
    const res = await caller.get(`/api/v1/referrals?${query}&limit=100`);
    expect(res.status).toBe(200);
    return json(res) as Promise<{
      items: (ReferralView & { overdue: boolean; serviceId: string | null })[];
      counts: Record<string, number>;
    }>;
  };

  it('filters by status, overdue, need, service, assignee and date, and counts per status', async () => {
    const clientId = await registerClient('Boxes');
    await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity']);
    const make = async (overrides: Record<string, unknown>) => {
      const res = await advisor.post(
        '/api/v1/referrals',
        referralBody(clientId, { categories: ['identity'], confirmDuplicate: true, ...overrides }),
      );
      expect(res.status).toBe(201);
      return (await json(res)) as ReferralView;
    };
    const withService = await make({ serviceId: DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH });
    const housing = await make({ need: 'housing' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const assigned = await make({ need: 'employment' });
    const late = await make({ need: 'education' });
    const opened = await json(await employment.get(`/api/v1/referrals/${assigned.id}`));
    expect(
      (
        await employment.patch(
          `/api/v1/referrals/${assigned.id}`,
          { assigneeId: DEMO_USER_EMPLOYMENT },
          { 'If-Match': `"${opened.version}"` },
        )
      ).status,
    ).toBe(200);
    await system.services
      .get('referrals')!
      .get<DataSource>(getDataSourceToken())
      .query(`UPDATE "referrals"."referrals" SET "due_at" = now() - interval '1 hour' WHERE "id" = $1`, [
        late.id,
      ]);

    const received = await box(employment, 'box=incoming&status=received');
    expect(ids(received)).toContain(assigned.id);
    expect(ids(received)).not.toContain(withService.id);
    expect(received.items.every((item) => item.status === 'received')).toBe(true);

    const overdue = await box(employment, 'box=incoming&overdue=true');
    expect(ids(overdue)).toContain(late.id);
    expect(ids(overdue)).not.toContain(withService.id);
    expect(overdue.items.every((item) => item.overdue)).toBe(true);
    const notOverdue = await box(employment, 'box=incoming&overdue=false');
    expect(ids(notOverdue)).toContain(withService.id);
    expect(ids(notOverdue)).not.toContain(late.id);
    expect((await box(advisor, 'box=outgoing&overdue=true')).items.map((item) => item.id)).toContain(late.id);

    const needs = await box(employment, 'box=incoming&need=housing');
    expect(ids(needs)).toContain(housing.id);
    expect(needs.items.every((item) => item.need === 'housing')).toBe(true);

    const service = await box(employment, `box=incoming&serviceId=${DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH}`);
    expect(ids(service)).toContain(withService.id);
    expect(ids(service)).not.toContain(housing.id);
    expect(service.items.every((item) => item.serviceId === DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH)).toBe(true);

    for (const assignee of ['me', DEMO_USER_EMPLOYMENT]) {
      const mine = await box(employment, `box=incoming&assignee=${assignee}`);
      expect(ids(mine)).toContain(assigned.id);
      expect(ids(mine)).not.toContain(housing.id);
    }
    const nobody = await box(employment, 'box=incoming&assignee=none');
    expect(ids(nobody)).toContain(housing.id);
    expect(ids(nobody)).not.toContain(assigned.id);

    const since = await box(employment, `box=incoming&from=${encodeURIComponent(between)}`);
    expect(ids(since)).toEqual(expect.arrayContaining([assigned.id, late.id]));
    expect(ids(since)).not.toContain(housing.id);
    const before = await box(employment, `box=incoming&to=${encodeURIComponent(between)}`);
    expect(ids(before)).toEqual(expect.arrayContaining([withService.id, housing.id]));
    expect(ids(before)).not.toContain(assigned.id);

    // The counts agree with the lists, status by status.
    const all = await box(employment, 'box=incoming');
    for (const [status, count] of Object.entries(all.counts)) {
      if (status === 'overdue') {
        expect(count).toBe((await box(employment, 'box=incoming&overdue=true')).items.length);
      } else {
        expect(count).toBe((await box(employment, `box=incoming&status=${status}`)).items.length);
      }
    }
    expect(all.counts.received).toBeGreaterThanOrEqual(1);
    expect(all.counts.overdue).toBeGreaterThanOrEqual(1);

    // Bad filters are 400 naming the field, never a 500.
    for (const [query, field] of [
      ['box=incoming&serviceId=42', 'serviceId'],
      ['box=incoming&from=yesterday', 'from'],
      ['box=incoming&overdue=maybe', 'overdue'],
      ['box=incoming&status=asleep', 'status'],
    ]) {
      const res = await employment.get(`/api/v1/referrals?${query}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await json(res))).toContain(field);
    }
    expect((await employment.get('/api/v1/referrals?box=outgoing')).status).toBe(403);
  });

  it("lists one client's referrals with clientId: the sender's box and clients only", async () => {
    const [mine, other, elsewhere] = await Promise.all([
      registerClient('Filtered'),
      registerClient('Unfiltered'),
      registerClient('Elsewhere'),
    ]);
    const refer = async (clientId: string) => {
      await recordConsent(clientId, [DEMO_ORG_EMPLOYMENT], ['identity']);
      const res = await advisor.post(
        '/api/v1/referrals',
        referralBody(clientId, { categories: ['identity'], confirmDuplicate: true }),
      );
      expect(res.status).toBe(201);
      return (await json(res)) as ReferralView;
    };
    const first = await refer(mine);
    const second = await refer(mine);
    await refer(other);
    const foreign = await refer(elsewhere);
    // As if another organisation had sent it for a client of its own: the sender's client ids are
    // the sender's, and the filter never reaches into another organisation's box.
    await system.services
      .get('referrals')!
      .get<DataSource>(getDataSourceToken())
      .query(`UPDATE "referrals"."referrals" SET "sending_organisation_id" = $2 WHERE "id" = $1`, [
        foreign.id,
        DEMO_ORG_KELA,
      ]);

    const list = await box(advisor, `box=outgoing&clientId=${mine}`);
    expect(ids(list).sort()).toEqual([first.id, second.id].sort());
    expect(list.items.every((item) => item.clientId === mine)).toBe(true);
    const paged = await json(await advisor.get(`/api/v1/referrals?box=outgoing&clientId=${mine}&limit=1`));
    expect(paged.items).toHaveLength(1);
    const rest = await json(
      await advisor.get(
        `/api/v1/referrals?box=outgoing&clientId=${mine}&limit=1&cursor=${encodeURIComponent(paged.nextCursor)}`,
      ),
    );
    expect([...ids(paged), ...ids(rest)].sort()).toEqual([first.id, second.id].sort());
    expect((await box(advisor, `box=outgoing&clientId=${elsewhere}`)).items).toEqual([]);

    for (const [caller, query] of [
      [employment, `box=incoming&clientId=${mine}`],
      [advisor, 'box=outgoing&clientId=42'],
    ] as const) {
      const res = await caller.get(`/api/v1/referrals?${query}`);
      expect(res.status).toBe(400);
      expect((await json(res)).details).toEqual([expect.objectContaining({ field: 'clientId' })]);
    }
  });
});
