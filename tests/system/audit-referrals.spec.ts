// Issue 7, "Done when": after a partner opens a referral, the admin finds the read in the audit
// search, the advisor's disclosure log names the partner and the consent, and audit:verify passes.
import { eventually } from '#testing';
import { DEMO_ORG_KELA } from '../../apps/partners/src/demo/demo-organisations.js';
import { runAuditVerify } from '../../apps/audit/src/audit-log/chain-verifier.js';
import { json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

describe('audit of real referrals', () => {
  let system: RunningSystem;
  let advisor: ApiCaller;
  let kela: ApiCaller;
  let admin: ApiCaller;

  beforeAll(async () => {
    system = await startSystem();
    [advisor, kela, admin] = await Promise.all(
      ['advisor', 'kela', 'admin'].map((user) => loginAs(system, user)),
    );
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('records every read of shared data once and lists the partner and consent in the disclosure log', async () => {
    const client = await advisor.post('/api/v1/clients', {
      firstName: 'Amal',
      lastName: 'Audit',
      preferredLanguage: 'ar',
      confirmDuplicate: true,
    });
    expect(client.status).toBe(201);
    const clientId = (await json(client)).id as string;
    const consent = await advisor.post(`/api/v1/clients/${clientId}/consents`, {
      recipientOrganisationIds: [DEMO_ORG_KELA],
      categories: ['identity', 'contact'],
      purposes: ['referral'],
      method: 'signed_form',
      givenBy: 'client',
      noticeVersion: '2025-1',
      noticeLanguage: 'ar',
      interpreterUsed: true,
    });
    expect(consent.status).toBe(201);
    const consentId = (await json(consent)).id as string;
    const created = await advisor.post('/api/v1/referrals', {
      clientId,
      receivingOrganisationId: DEMO_ORG_KELA,
      need: 'benefits',
      reason: 'Housing allowance application',
      urgency: 'routine',
      categories: ['identity', 'contact'],
      send: true,
    });
    expect(created.status).toBe(201);
    const referralId = (await json(created)).id as string;

    const reads = 3;
    for (let n = 0; n < reads; n += 1) {
      const opened = await kela.get(`/api/v1/referrals/${referralId}`);
      expect(opened.status).toBe(200);
    }

    const search = `/api/v1/audit?clientId=${clientId}&action=referral.shared_data.read&limit=100`;
    await eventually(async () => {
      const { items } = await json(await admin.get(search));
      expect(items).toHaveLength(reads);
      expect(items[0]).toMatchObject({
        organisationId: DEMO_ORG_KELA,
        recipientOrganisationId: DEMO_ORG_KELA,
        consentId,
        targetId: referralId,
        actorRole: 'partner_staff',
      });
    });

    const disclosures = await json(await advisor.get(`/api/v1/clients/${clientId}/disclosures`));
    expect(disclosures.recipientOrganisations).toEqual([
      {
        id: DEMO_ORG_KELA,
        name: 'Kela, Seinäjoen toimisto',
        names: { fi: 'Kela, Seinäjoen toimisto', sv: 'FPA, Seinäjoki byrå', en: 'Kela, Seinäjoki office' },
      },
    ]);
    // The clients service records the snapshot it hands out, the referrals service the sending.
    expect(disclosures.items.map((item: { action: string }) => item.action)).toEqual([
      'client.disclosed',
      'referral.sent',
      ...Array<string>(reads).fill('referral.shared_data.read'),
    ]);
    expect(disclosures.items.every((item: { consentId: string }) => item.consentId === consentId)).toBe(true);

    const pdf = await advisor.get(`/api/v1/clients/${clientId}/disclosures?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    expect((await runAuditVerify(system.database.url)).exitCode).toBe(0);
  });
});
