// The partners commands store their idempotent reply in the transaction that makes their change
// (replyWithin): a crash between that commit and the answer leaves the reply stored, so the
// client's retry gets it replayed instead of a second organisation, invitation or service (F2 of
// libs/service-core/test/idempotency.int-spec.ts). Over the real NATS and PostgreSQL.
import { randomUUID } from 'node:crypto';
import type { Actor } from '#contracts';
import {
  actor,
  context,
  insertOrganisation,
  servicePayload,
  startPartners,
  type RunningPartners,
} from './directory-test-support.js';

describe('Idempotent partners commands: the reply commits with the change', () => {
  let partners: RunningPartners;
  let org: string;
  let platformAdmin: Actor;
  let orgAdmin: Actor;

  beforeAll(async () => {
    partners = await startPartners();
    org = await insertOrganisation(partners.sql, { name: 'Idempotentti ry' });
    platformAdmin = actor('platform_admin', null);
    orgAdmin = actor('org_admin', org);
  });

  afterAll(async () => {
    await partners?.stop();
  });

  const key = () => `key-${randomUUID()}`;
  const withKey = (who: Actor, idempotencyKey: string) => ({ ...context(who), idempotencyKey });

  /**
   * The transactions that last wrote the changed row and the key's stored reply: the same one when
   * the reply committed with the change. (A reply stored after the command returned is written by
   * a later transaction, and is lost if the replica dies in between.)
   */
  async function writers(table: string, id: string, idempotencyKey: string) {
    const { rows } = await partners.sql.query<{ change: string; reply: string; stored: boolean }>(
      `SELECT (SELECT xmin::text FROM "partners"."${table}" WHERE "id" = $1) AS "change",
              k.xmin::text AS "reply", k."reply" IS NOT NULL AS "stored"
         FROM "partners"."idempotency_keys" k WHERE k."key" = $2`,
      [id, idempotencyKey],
    );
    return rows[0];
  }

  const countOf = async (table: string, where: string, value: string) =>
    Number(
      (
        await partners.sql.query<{ n: number }>(
          `SELECT count(*)::int AS "n" FROM "partners"."${table}" WHERE ${where} = $1`,
          [value],
        )
      ).rows[0].n,
    );

  it('organisation.create: one organisation, its reply stored in its transaction and replayed', async () => {
    const k = key();
    const payload = { name: { fi: 'Kerran luotu ry' }, kind: 'association' };
    const created = await partners.rpc.request(
      'partners.organisation.create',
      payload,
      withKey(platformAdmin, k),
    );
    const written = await writers('organisations', created.id, k);
    expect(written).toEqual({ change: written.reply, reply: expect.any(String) as string, stored: true });
    const again = await partners.rpc.request(
      'partners.organisation.create',
      payload,
      withKey(platformAdmin, k),
    );
    expect(again.id).toBe(created.id);
    expect(await countOf('organisations', '"name_fi"', 'Kerran luotu ry')).toBe(1);
  });

  it('member.invite: one invitation (a second would revoke the first and e-mail again)', async () => {
    const k = key();
    const payload = {
      organisationId: org,
      email: `invited.${randomUUID()}@partner.example`,
      role: 'advisor',
    };
    const invitation = await partners.rpc.request(
      'partners.member.invite',
      payload as never,
      withKey(orgAdmin, k),
    );
    const written = await writers('invitations', invitation.id, k);
    expect(written).toEqual({ change: written.reply, reply: expect.any(String) as string, stored: true });
    const again = await partners.rpc.request(
      'partners.member.invite',
      payload as never,
      withKey(orgAdmin, k),
    );
    expect(again.id).toBe(invitation.id);
    expect(await countOf('invitations', '"email"', payload.email)).toBe(1);
  });

  it('invitation.revoke: the reply commits with the revocation', async () => {
    const invitation = await partners.rpc.request(
      'partners.member.invite',
      { organisationId: org, email: `revoked.${randomUUID()}@partner.example`, role: 'advisor' },
      context(orgAdmin),
    );
    const k = key();
    const payload = { organisationId: org, invitationId: invitation.id };
    const revoked = await partners.rpc.request('partners.invitation.revoke', payload, withKey(orgAdmin, k));
    expect(revoked).toMatchObject({ id: invitation.id, status: 'revoked' });
    const written = await writers('invitations', invitation.id, k);
    expect(written).toEqual({ change: written.reply, reply: expect.any(String) as string, stored: true });
    // The retry is the first answer, not 409 INVITATION.CLOSED.
    expect(await partners.rpc.request('partners.invitation.revoke', payload, withKey(orgAdmin, k))).toEqual(
      revoked,
    );
  });

  it('service.create, update and delete: each reply commits with its change; one service', async () => {
    const createKey = key();
    const payload = servicePayload(org, { name: { fi: `Kerran-${randomUUID()}` } });
    const service = await partners.rpc.request(
      'partners.service.create',
      payload,
      withKey(orgAdmin, createKey),
    );
    let written = await writers('services', service.id, createKey);
    expect(written).toEqual({ change: written.reply, reply: expect.any(String) as string, stored: true });
    await partners.rpc.request('partners.service.create', payload, withKey(orgAdmin, createKey));
    expect(await countOf('services', '"name_fi"', payload.name.fi)).toBe(1);

    const updateKey = key();
    await partners.rpc.request(
      'partners.service.update',
      { serviceId: service.id, howToRefer: { fi: 'Soita ensin.' } },
      withKey(orgAdmin, updateKey),
    );
    written = await writers('services', service.id, updateKey);
    expect(written).toEqual({ change: written.reply, reply: expect.any(String) as string, stored: true });

    const deleteKey = key();
    const removal = { serviceId: service.id };
    await partners.rpc.request('partners.service.delete', removal, withKey(orgAdmin, deleteKey));
    written = await writers('services', service.id, deleteKey);
    expect(written).toEqual({ change: written.reply, reply: expect.any(String) as string, stored: true });
    // The retry is the first answer, not 404 for the service it removed.
    expect(
      await partners.rpc.request('partners.service.delete', removal, withKey(orgAdmin, deleteKey)),
    ).toEqual({
      deleted: true,
    });
  });

  it('member.update and member.deactivate: each reply commits with its change', async () => {
    const memberId = randomUUID();
    await partners.sql.query(
      `INSERT INTO "partners"."memberships" ("id", "user_id", "organisation_id", "role") VALUES ($1, $2, $3, 'advisor')`,
      [memberId, randomUUID(), org],
    );
    const updateKey = key();
    const update = { organisationId: org, memberId, role: 'partner_staff' } as const;
    expect(
      await partners.rpc.request('partners.member.update', update, withKey(orgAdmin, updateKey)),
    ).toMatchObject({ role: 'partner_staff' });
    let written = await writers('memberships', memberId, updateKey);
    expect(written).toEqual({ change: written.reply, reply: expect.any(String) as string, stored: true });

    const deactivateKey = key();
    const ref = { organisationId: org, memberId };
    await partners.rpc.request('partners.member.deactivate', ref, withKey(orgAdmin, deactivateKey));
    written = await writers('memberships', memberId, deactivateKey);
    expect(written).toEqual({ change: written.reply, reply: expect.any(String) as string, stored: true });
  });

  it('organisation.accept_agreement: the reply commits with the acceptance', async () => {
    const pending = await insertOrganisation(partners.sql, { status: 'pending_agreement' });
    const k = key();
    const acceptance = { id: pending, version: partners.env.AGREEMENT_VERSION ?? '2026-1' };
    const accepted = await partners.rpc.request(
      'partners.organisation.accept_agreement',
      acceptance,
      withKey(actor('org_admin', pending), k),
    );
    expect(accepted).toMatchObject({ status: 'active' });
    const written = await writers('organisations', pending, k);
    expect(written).toEqual({ change: written.reply, reply: expect.any(String) as string, stored: true });
  });

  it('organisation.update, deactivate and activate: each reply commits with its change', async () => {
    const target = await insertOrganisation(partners.sql, { name: 'Muutettava ry' });
    const steps = [
      ['partners.organisation.update', { id: target, kind: 'foundation' }],
      ['partners.organisation.deactivate', { id: target }],
      ['partners.organisation.activate', { id: target }],
    ] as const;
    for (const [subject, payload] of steps) {
      const k = key();
      await partners.rpc.request(subject, payload, withKey(platformAdmin, k));
      const written = await writers('organisations', target, k);
      expect({ subject, ...written }).toEqual({
        subject,
        change: written.reply,
        reply: expect.any(String) as string,
        stored: true,
      });
    }
  });
});
