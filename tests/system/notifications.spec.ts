import { randomUUID } from 'node:crypto';
import type { Actor, EventDataOf, EventType, NotificationPage } from '#contracts';
import { eventually } from '#testing';
import { SmtpTestServer } from '../../apps/notifications/test/support/smtp-test-server.js';
import { DEMO_ORG_EMPLOYMENT, DEMO_ORG_MONI } from '../../apps/partners/src/demo/demo-organisations.js';
import { DEMO_USER_ADVISOR, DEMO_USER_EMPLOYMENT } from '../../apps/partners/src/demo/demo-users.js';
import { ResponsePromiseJob } from '../../apps/referrals/src/scheduler/response-promise.job.js';
import {
  apiAs,
  emitEvent,
  json,
  loginAs,
  startSystem,
  type ApiCaller,
  type RunningSystem,
} from '../support/system.js';

const EMPLOYMENT_EMAIL = 'employment@partner.example';
const ADVISOR_EMAIL = 'advisor@moni.example';
const EMPLOYMENT_INTAKE = 'tyollisyys@seinajoki.example';

const advisorActor: Actor = {
  userId: DEMO_USER_ADVISOR,
  username: 'advisor',
  organisationId: DEMO_ORG_MONI,
  role: 'advisor',
  realmRoles: [],
};
const employmentActor: Actor = {
  userId: DEMO_USER_EMPLOYMENT,
  username: 'employment',
  organisationId: DEMO_ORG_EMPLOYMENT,
  role: 'partner_staff',
  realmRoles: [],
};

describe('Notifications through the gateway', () => {
  let system: RunningSystem;
  let smtp: SmtpTestServer;
  let advisor: ApiCaller;
  let employment: ApiCaller;
  let kela: ApiCaller;

  /** Commits an event through the referrals service's outbox, as a referral change does. */
  const emit = <E extends EventType>(type: E, data: EventDataOf<E>, actor: Actor | null) =>
    emitEvent(system, type, data, { actor });

  const parties = () => ({
    referralId: randomUUID(),
    sendingOrganisationId: DEMO_ORG_MONI,
    receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
    senderUserId: DEMO_USER_ADVISOR,
    assigneeUserId: null,
  });

  const mailsAbout = (address: string, referralId: string) =>
    smtp.to(address).filter((m) => m.text.includes(referralId));

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    system = await startSystem({
      env: {
        SMTP_URL: smtp.url,
        PORTAL_URL: 'https://moni.example',
        EMAIL_POLL_MS: '50',
        EMAIL_RETRY_INITIAL_MS: '100',
      },
    });
    advisor = await loginAs(system, 'advisor');
    employment = await loginAs(system, 'employment');
    kela = await loginAs(system, 'kela');
  });

  afterAll(async () => {
    await system?.stop();
    await smtp?.close();
  });

  it('tells the receiving organisation of a new referral in the app and by e-mail, and the advisor when it is accepted', async () => {
    const sent = await emit(
      'events.referrals.referral.sent',
      { ...parties(), need: 'employment', urgency: 'soon', serviceId: null },
      advisorActor,
    );
    const { referralId } = sent.data;

    const page = await eventually(async () => {
      const res = await employment.get('/api/v1/notifications?unread=true');
      expect(res.status).toBe(200);
      const body = (await json(res)) as NotificationPage;
      expect(body.items.map((n) => n.referralId)).toContain(referralId);
      return body;
    });
    expect(page.items.find((n) => n.referralId === referralId)).toMatchObject({
      kind: 'referral.sent',
      organisationId: DEMO_ORG_EMPLOYMENT,
      link: `/referrals/${referralId}`,
      readAt: null,
      detail: { need: 'employment', urgency: 'soon' },
    });
    await eventually(() => {
      expect(mailsAbout(EMPLOYMENT_EMAIL, referralId)).toHaveLength(1);
      expect(mailsAbout(EMPLOYMENT_INTAKE, referralId)).toHaveLength(1);
    });
    const [mail] = mailsAbout(EMPLOYMENT_EMAIL, referralId);
    expect(mail.subject).toBe('MONI: Uusi lähete');
    expect(mail.text).toContain(`https://moni.example/referrals/${referralId}`);
    for (const personal of ['employment@partner.example', 'advisor', 'Seinäjoen seudun', DEMO_USER_ADVISOR]) {
      expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain(personal);
    }
    // Neither the sender nor an unrelated organisation hears of it.
    expect(mailsAbout(ADVISOR_EMAIL, referralId)).toHaveLength(0);
    const kelaPage = await json(await kela.get('/api/v1/notifications'));
    expect(kelaPage.items.map((n: { referralId: string }) => n.referralId)).not.toContain(referralId);

    await emit(
      'events.referrals.referral.status_changed',
      {
        ...sent.data,
        from: 'received',
        to: 'accepted',
        reasonCode: null,
        outcomeCode: null,
        actorUserId: DEMO_USER_EMPLOYMENT,
      },
      employmentActor,
    );
    const accepted = await eventually(async () => {
      const body = (await json(await advisor.get('/api/v1/notifications'))) as NotificationPage;
      const found = body.items.find(
        (n) => n.kind === 'referral.status_changed' && n.referralId === referralId,
      );
      expect(found).toBeDefined();
      return found;
    });
    expect(accepted!.detail).toMatchObject({ from: 'received', to: 'accepted' });
    await eventually(() => expect(mailsAbout(ADVISOR_EMAIL, referralId)).toHaveLength(1));
    expect(mailsAbout(ADVISOR_EMAIL, referralId)[0].text).toContain('Uusi tila: hyväksytty');
  });

  it('for a real referral through the gateway: e-mails without personal data, and overdue reminders to both sides', async () => {
    // Markers of personal data that must never reach an e-mail: name, identity code, contact, reason.
    const personal = ['Zainab', 'Qorsheyn', '010594Y9021', 'zainab.q@', '358401112223', 'Forklift', 'Somali'];
    const registered = await advisor.post('/api/v1/clients', {
      firstName: 'Zainab',
      lastName: 'Qorsheyn',
      dateOfBirth: '1994-05-01',
      personalIdentityCode: '010594Y9021',
      languages: ['so', 'fi'],
      preferredLanguage: 'so',
      phone: '+358401112223',
      email: 'zainab.q@example.org',
      needs: [{ category: 'employment', description: 'Forklift work wanted' }],
      confirmDuplicate: true,
    });
    expect(registered.status).toBe(201);
    const clientId = (await json(registered)).id as string;
    expect(
      (
        await advisor.post(`/api/v1/clients/${clientId}/consents`, {
          recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT],
          categories: ['identity', 'contact', 'needs'],
          purposes: ['referral'],
          method: 'signed_form',
          givenBy: 'client',
          noticeVersion: '2025-1',
          noticeLanguage: 'fi',
          interpreterUsed: true,
        })
      ).status,
    ).toBe(201);
    const send = async () => {
      const res = await advisor.post('/api/v1/referrals', {
        clientId,
        receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
        need: 'employment',
        reason: 'Forklift licence holder, speaks Somali, Zainab Qorsheyn wants warehouse work',
        urgency: 'urgent',
        categories: ['identity', 'contact', 'needs'],
        send: true,
        confirmDuplicate: true,
      });
      expect(res.status).toBe(201);
      return (await json(res)) as { id: string; dueAt: string };
    };
    const referral = await send();

    // employment: in the app and by e-mail (its member and its intake address), once each.
    await eventually(async () => {
      const page = (await json(await employment.get('/api/v1/notifications'))) as NotificationPage;
      expect(page.items.filter((n) => n.referralId === referral.id).map((n) => n.kind)).toEqual([
        'referral.sent',
      ]);
      expect(mailsAbout(EMPLOYMENT_EMAIL, referral.id)).toHaveLength(1);
      expect(mailsAbout(EMPLOYMENT_INTAKE, referral.id)).toHaveLength(1);
    });

    // employment opens and accepts it; the advisor hears of it in the app and by e-mail.
    const opened = await employment.get(`/api/v1/referrals/${referral.id}`);
    const accepted = await employment.post(
      `/api/v1/referrals/${referral.id}/transitions`,
      { to: 'accepted' },
      { 'If-Match': opened.headers.get('etag')! },
    );
    expect(accepted.status).toBe(200);
    await eventually(async () => {
      const page = (await json(await advisor.get('/api/v1/notifications'))) as NotificationPage;
      expect(
        page.items.filter((n) => n.referralId === referral.id).map((n) => (n.detail as { to: string }).to),
      ).toEqual(expect.arrayContaining(['received', 'accepted']));
      expect(
        mailsAbout(ADVISOR_EMAIL, referral.id)
          .map((m) => m.text)
          .join('\n'),
      ).toContain('hyväksytty');
    });

    // A second one nobody answers: past its due date both sides are reminded.
    const late = await send();
    await eventually(() => expect(mailsAbout(EMPLOYMENT_EMAIL, late.id)).toHaveLength(1));
    const job = system.services.get('referrals')!.get(ResponsePromiseJob);
    expect(
      (await job.runOnce(new Date(new Date(late.dueAt).getTime() + 1000))).overdue,
    ).toBeGreaterThanOrEqual(1);
    for (const [caller, address] of [
      [employment, EMPLOYMENT_EMAIL],
      [advisor, ADVISOR_EMAIL],
    ] as const) {
      await eventually(async () => {
        const page = (await json(await caller.get('/api/v1/notifications'))) as NotificationPage;
        expect(page.items.filter((n) => n.referralId === late.id).map((n) => n.kind)).toContain(
          'referral.overdue',
        );
        expect(mailsAbout(address, late.id).map((m) => m.subject)).toContain(
          'MONI: Lähete odottaa vastausta',
        );
      });
    }
    await eventually(() => expect(mailsAbout(EMPLOYMENT_EMAIL, late.id)).toHaveLength(2));
    await eventually(() => expect(mailsAbout(ADVISOR_EMAIL, late.id)).toHaveLength(1));

    // Not one e-mail about either referral carries personal data, in the subject, text or HTML.
    const mails = smtp.messages.filter((m) => m.text.includes(referral.id) || m.text.includes(late.id));
    expect(mails.length).toBeGreaterThanOrEqual(6);
    for (const mail of mails) {
      const whole = `${mail.subject}\n${mail.text}\n${mail.html}`;
      for (const marker of personal) {
        expect(whole).not.toContain(marker);
      }
    }
  });

  it('stops the e-mails of a kind the user turned off; the intake address still gets them', async () => {
    const put = await employment.request('PUT', '/api/v1/me/preferences', {
      language: 'en',
      email: { 'referral.sent': false },
      digest: 'instant',
    });
    expect(put.status).toBe(200);
    expect(await json(put)).toMatchObject({
      language: 'en',
      digest: 'instant',
      email: { 'referral.sent': false, 'message.posted': true },
    });
    expect(await json(await employment.get('/api/v1/me/preferences'))).toMatchObject({
      email: { 'referral.sent': false },
    });

    const sent = await emit(
      'events.referrals.referral.sent',
      { ...parties(), need: 'housing', urgency: 'routine', serviceId: null },
      advisorActor,
    );
    await eventually(() => expect(mailsAbout(EMPLOYMENT_INTAKE, sent.data.referralId)).toHaveLength(1));
    const notified = await eventually(async () => {
      const body = (await json(await employment.get('/api/v1/notifications'))) as NotificationPage;
      expect(body.items.map((n) => n.referralId)).toContain(sent.data.referralId);
      return body;
    });
    expect(notified.unreadCount).toBeGreaterThan(0);
    expect(mailsAbout(EMPLOYMENT_EMAIL, sent.data.referralId)).toHaveLength(0);

    // Messages still come, in English now.
    const message = await emit(
      'events.referrals.message.posted',
      {
        ...sent.data,
        messageId: randomUUID(),
        authorUserId: DEMO_USER_ADVISOR,
        authorOrganisationId: DEMO_ORG_MONI,
      },
      advisorActor,
    );
    await eventually(() => expect(mailsAbout(EMPLOYMENT_EMAIL, message.data.referralId)).toHaveLength(1));
    expect(mailsAbout(EMPLOYMENT_EMAIL, message.data.referralId)[0].subject).toBe(
      'MONI: New message on a referral',
    );
  });

  it('marks notifications read, one or all, and keeps them to their owner', async () => {
    const { items } = await json(await employment.get('/api/v1/notifications?limit=1'));
    const [first] = items;
    expect((await advisor.post(`/api/v1/notifications/${first.id}/read`)).status).toBe(404);
    const read = await employment.post(`/api/v1/notifications/${first.id}/read`);
    expect(read.status).toBe(200);
    expect((await json(read)).readAt).not.toBeNull();
    const all = await employment.post('/api/v1/notifications/read-all');
    expect(all.status).toBe(200);
    expect(await json(await employment.get('/api/v1/notifications/unread-count'))).toEqual({ unread: 0 });
    expect((await json(await employment.get('/api/v1/notifications?unread=true'))).items).toEqual([]);
  });

  it('writes to an intake address and invitees in the organisation’s language, or the invitation’s', async () => {
    const admin = await loginAs(system, 'admin');
    const refused = await admin.post('/api/v1/organisations', {
      name: { fi: 'Kieliyhdistys ry', sv: 'Språkföreningen rf', en: 'Language Association' },
      kind: 'non-governmental organisation',
      intake: { email: 'intake@sprak.example', language: 'de' },
    });
    expect(refused.status).toBe(400);
    expect((await json(refused)).details.map((d: { field: string }) => d.field)).toContain('intake.language');
    const created = await admin.post('/api/v1/organisations', {
      name: { fi: 'Kieliyhdistys ry', sv: 'Språkföreningen rf', en: 'Language Association' },
      kind: 'non-governmental organisation',
      canReceive: true,
      intake: { email: 'intake@sprak.example', language: 'sv' },
    });
    expect(created.status).toBe(201);
    const org = await json(created);
    expect(org.intake).toMatchObject({ email: 'intake@sprak.example', language: 'sv' });

    const sent = await emit(
      'events.referrals.referral.sent',
      {
        ...parties(),
        receivingOrganisationId: org.id,
        need: 'employment',
        urgency: 'routine',
        serviceId: null,
      },
      advisorActor,
    );
    const [intakeMail] = await eventually(() => {
      const found = mailsAbout('intake@sprak.example', sent.data.referralId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(intakeMail.subject).toBe('MONI: Ny remiss');

    const badInvite = await admin.post(`/api/v1/organisations/${org.id}/members`, {
      email: 'x@sprak.example',
      role: 'org_admin',
      language: 'de',
    });
    expect(badInvite.status).toBe(400);
    expect((await json(badInvite)).details.map((d: { field: string }) => d.field)).toContain('language');
    const english = await admin.post(`/api/v1/organisations/${org.id}/members`, {
      email: 'english@sprak.example',
      role: 'org_admin',
      language: 'en',
    });
    expect(english.status).toBe(201);
    expect((await json(english)).language).toBe('en');
    const swedish = await admin.post(`/api/v1/organisations/${org.id}/members`, {
      email: 'swedish@sprak.example',
      role: 'org_admin',
    });
    expect((await json(swedish)).language).toBe('sv');
    await eventually(() => {
      expect(smtp.to('english@sprak.example').map((m) => m.subject)).toEqual([
        'MONI: Invitation to the MONI referral service',
      ]);
      expect(smtp.to('swedish@sprak.example').map((m) => m.subject)).toEqual([
        'MONI: Inbjudan till MONI-remisstjänsten',
      ]);
    });
  });

  it('refuses bad input with 400 naming the field, and callers without a token with 401', async () => {
    const cases: [Promise<Response>, string][] = [
      [employment.get('/api/v1/notifications?unread=maybe'), 'unread'],
      [employment.get('/api/v1/notifications?limit=1000'), 'limit'],
      [employment.post('/api/v1/notifications/not-a-uuid/read'), 'id'],
      [
        employment.request('PUT', '/api/v1/me/preferences', { language: 'de', digest: 'instant' }),
        'language',
      ],
      [employment.request('PUT', '/api/v1/me/preferences', { language: 'fi', digest: 'weekly' }), 'digest'],
      [
        employment.request('PUT', '/api/v1/me/preferences', {
          language: 'fi',
          digest: 'instant',
          email: { 'referral.sent': 'no' },
        }),
        'email.referral.sent',
      ],
      [
        employment.request('PUT', '/api/v1/me/preferences', {
          language: 'fi',
          digest: 'instant',
          email: { spam: true },
        }),
        'email.spam',
      ],
      [
        employment.request('PUT', '/api/v1/me/preferences', {
          language: 'fi',
          digest: 'instant',
          colour: 'red',
        }),
        'colour',
      ],
    ];
    for (const [pending, field] of cases) {
      const res = await pending;
      expect(res.status).toBe(400);
      const body = await json(res);
      expect(body.code).toBe('VALIDATION.FAILED');
      expect(body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await json(await employment.get('/api/v1/notifications?cursor=bogus'))).code).toBe(
      'VALIDATION.FAILED',
    );
    const anonymous = apiAs(system, null);
    expect((await anonymous.get('/api/v1/notifications')).status).toBe(401);
    expect((await anonymous.get('/api/v1/me/preferences')).status).toBe(401);
  });
});
