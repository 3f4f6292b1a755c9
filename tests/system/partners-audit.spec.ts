import { randomUUID } from 'node:crypto';
import { eventually } from '#testing';
import { DEMO_ORG_KELA, DEMO_ORG_MONI } from '../../apps/partners/src/demo/demo-organisations.js';
import { json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

interface AuditItem {
  action: string;
  outcome: string;
  correlationId: string;
  [key: string]: unknown;
}

describe('The audit trail of admin actions in the partners service, through the gateway', () => {
  let system: RunningSystem;
  let admin: ApiCaller;
  let moniAdmin: ApiCaller;
  let advisor: ApiCaller;

  beforeAll(async () => {
    system = await startSystem();
    [admin, moniAdmin, advisor] = await Promise.all(
      ['admin', 'moni-admin', 'advisor'].map((name) => loginAs(system, name)),
    );
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** The audit entries of one action and request, once the audit service has stored them. */
  async function entriesOf(action: string, correlationId: string, count = 1): Promise<AuditItem[]> {
    let found: AuditItem[] = [];
    await eventually(async () => {
      const res = await admin.get(`/api/v1/audit?action=${action}&limit=100`);
      expect(res.status).toBe(200);
      const page = (await json(res)) as { items: AuditItem[] };
      found = page.items.filter((item) => item.correlationId === correlationId);
      expect(found).toHaveLength(count);
    });
    return found;
  }

  const headers = (correlationId: string) => ({ 'X-Correlation-Id': correlationId });

  it("records an org_admin's edit of another organisation as refused, and changes nothing", async () => {
    const before = await json(await admin.get(`/api/v1/organisations/${DEMO_ORG_KELA}`));
    const correlationId = `corr-cross-org-${randomUUID()}`;

    const res = await moniAdmin.patch(
      `/api/v1/organisations/${DEMO_ORG_KELA}`,
      { intake: { responseDays: 2 } },
      headers(correlationId),
    );
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({ code: 'RESOURCE.NOT_FOUND', correlationId });

    const [entry] = await entriesOf('organisation.update', correlationId);
    expect(entry).toMatchObject({
      action: 'organisation.update',
      outcome: 'refused',
      targetType: 'organisation',
      targetId: DEMO_ORG_KELA,
      organisationId: DEMO_ORG_MONI,
      sourceService: 'partners',
      detail: { code: 'RESOURCE.NOT_FOUND', targetOrganisationId: DEMO_ORG_KELA },
    });
    // The gateway records the refused request as well; the service wrote nothing but its audit entry.
    await entriesOf('request.refused', correlationId);
    const after = await json(await admin.get(`/api/v1/organisations/${DEMO_ORG_KELA}`));
    expect(after).toEqual(before);
    const updated = await json(await admin.get('/api/v1/audit?action=organisation.updated&limit=100'));
    expect(updated.items.filter((item: AuditItem) => item.correlationId === correlationId)).toEqual([]);
  });

  it('records refused invitations, member changes and agreements for another organisation', async () => {
    const invite = `corr-invite-${randomUUID()}`;
    expect(
      (
        await moniAdmin.post(
          `/api/v1/organisations/${DEMO_ORG_KELA}/members`,
          { email: 'someone@kela.example', role: 'partner_staff' },
          headers(invite),
        )
      ).status,
    ).toBe(404);
    const [invited] = await entriesOf('member.invite', invite);
    expect(invited).toMatchObject({
      outcome: 'refused',
      targetId: DEMO_ORG_KELA,
      detail: { code: 'RESOURCE.NOT_FOUND', targetOrganisationId: DEMO_ORG_KELA },
    });
    // Ids and codes only: the e-mail of the attempted invitation is not in the trail.
    expect(JSON.stringify(invited)).not.toContain('@');

    const memberId = randomUUID();
    const change = `corr-member-${randomUUID()}`;
    expect(
      (
        await moniAdmin.patch(
          `/api/v1/organisations/${DEMO_ORG_KELA}/members/${memberId}`,
          { role: 'org_admin' },
          headers(change),
        )
      ).status,
    ).toBe(404);
    expect((await entriesOf('member.update', change))[0]).toMatchObject({
      outcome: 'refused',
      targetType: 'membership',
      targetId: memberId,
      detail: { code: 'RESOURCE.NOT_FOUND', targetOrganisationId: DEMO_ORG_KELA },
    });

    const agreement = `corr-agreement-${randomUUID()}`;
    expect(
      (
        await moniAdmin.post(
          `/api/v1/organisations/${DEMO_ORG_KELA}/agreement`,
          { version: '2026-1' },
          headers(agreement),
        )
      ).status,
    ).toBe(404);
    expect((await entriesOf('organisation.accept_agreement', agreement))[0]).toMatchObject({
      outcome: 'refused',
      targetId: DEMO_ORG_KELA,
      detail: { code: 'RESOURCE.NOT_FOUND' },
    });

    const restricted = `corr-restricted-${randomUUID()}`;
    const own = await moniAdmin.patch(
      `/api/v1/organisations/${DEMO_ORG_MONI}`,
      { canSend: false },
      headers(restricted),
    );
    expect(own.status).toBe(403);
    expect((await entriesOf('organisation.update', restricted))[0]).toMatchObject({
      outcome: 'refused',
      targetId: DEMO_ORG_MONI,
      detail: { code: 'AUTH.FORBIDDEN' },
    });
  });

  it('names the recording service on the entries of partners and clients', async () => {
    const created = `corr-created-${randomUUID()}`;
    const res = await admin.post(
      '/api/v1/organisations',
      { name: { fi: 'Auditoitu yhdistys ry' }, kind: 'non-governmental organisation' },
      headers(created),
    );
    expect(res.status).toBe(201);
    const org = await json(res);
    expect((await entriesOf('organisation.created', created))[0]).toMatchObject({
      outcome: 'granted',
      targetId: org.id,
      sourceService: 'partners',
    });

    const registered = `corr-clients-${randomUUID()}`;
    const client = await advisor.post(
      '/api/v1/clients',
      { firstName: 'Audit', lastName: 'Source' },
      headers(registered),
    );
    expect(client.status).toBe(201);
    expect((await entriesOf('client.created', registered))[0]).toMatchObject({
      outcome: 'granted',
      targetId: (await json(client)).id,
      organisationId: DEMO_ORG_MONI,
      sourceService: 'clients',
    });
  });
});
