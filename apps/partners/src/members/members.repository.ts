import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { MemberKind, MemberRole, OrganisationStatus } from '#contracts';
import { InvitationEntity, MembershipEntity } from './membership.entity.js';

export interface ActiveMembershipRow {
  membershipId: string;
  organisationId: string;
  role: MemberRole;
  email: string | null;
  displayName: string | null;
  kind: MemberKind;
  nameFi: string;
  nameSv: string | null;
  nameEn: string | null;
  organisationStatus: OrganisationStatus;
}

/** A row of the memberships a request may act on, as the database answers it. */
interface MembershipColumns {
  id: string;
  organisation_id: string;
  role: MemberRole;
  email: string | null;
  display_name: string | null;
  kind: MemberKind;
  name_fi: string;
  name_sv: string | null;
  name_en: string | null;
  status: OrganisationStatus;
}

export interface ClaimedInvitation {
  id: string;
  organisationId: string;
  role: MemberRole;
}

/** A page position: the (created_at, id) of the last row of the page before. */
export type OldestFirstCursor = [createdAt: string, id: string];

/** One page of the builder's rows, oldest first, by keyset on (created_at, id). */
function oldestFirstPage<T extends ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  after: OldestFirstCursor | null,
  limit: number,
): Promise<T[]> {
  const row = builder.alias;
  if (after) {
    builder.andWhere(`(${row}.created_at, ${row}.id) > (:afterCreatedAt, :afterId)`, {
      afterCreatedAt: after[0],
      afterId: after[1],
    });
  }
  return builder.orderBy(`${row}.created_at`, 'ASC').addOrderBy(`${row}.id`, 'ASC').limit(limit).getMany();
}

/** Named queries over memberships and invitations. */
@Injectable()
export class MembersRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  findMembership(
    manager: EntityManager,
    organisationId: string,
    id: string,
  ): Promise<MembershipEntity | null> {
    return manager
      .createQueryBuilder(MembershipEntity, 'm')
      .where('m.id = :id AND m.organisation_id = :organisationId', { id, organisationId })
      .setLock('pessimistic_write')
      .getOne();
  }

  listMemberships(
    organisationId: string,
    after: OldestFirstCursor | null,
    limit: number,
  ): Promise<MembershipEntity[]> {
    const builder = this.dataSource.manager
      .createQueryBuilder(MembershipEntity, 'm')
      .where('m.organisation_id = :organisationId', { organisationId });
    return oldestFirstPage(builder, after, limit);
  }

  findInvitation(
    manager: EntityManager,
    organisationId: string,
    id: string,
  ): Promise<InvitationEntity | null> {
    return manager.findOne(InvitationEntity, { where: { id, organisationId } });
  }

  async hasActiveMemberWithEmail(
    manager: EntityManager,
    organisationId: string,
    email: string,
  ): Promise<boolean> {
    return manager.exists(MembershipEntity, { where: { organisationId, email, status: 'active' } });
  }

  /** A new invitation replaces the open ones for the same e-mail and organisation. */
  async revokeOpenInvitations(
    manager: EntityManager,
    organisationId: string,
    email: string,
    at: Date,
  ): Promise<void> {
    await manager.update(
      InvitationEntity,
      { organisationId, email, acceptedAt: IsNull(), revokedAt: IsNull() },
      { revokedAt: at },
    );
  }

  /** The e-mails this user is known by in any organisation (verified at their logins). */
  async isEmailOf(manager: EntityManager, userId: string, email: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM "partners"."memberships" WHERE "user_id" = $1 AND "email" = $2 LIMIT 1`,
      [userId, email],
    );
    return rows.length > 0;
  }

  /** Marks the e-mail's open invitations (of organisations not deactivated) accepted; concurrent logins claim each once. */
  async claimOpenInvitations(
    manager: EntityManager,
    email: string,
    userId: string,
    at: Date,
  ): Promise<ClaimedInvitation[]> {
    const [rows] = await manager.query<[{ id: string; organisation_id: string; role: MemberRole }[], number]>(
      `UPDATE "partners"."invitations" i
          SET "accepted_at" = $3, "accepted_by" = $2
         FROM "partners"."organisations" o
        WHERE o."id" = i."organisation_id" AND o."status" <> 'deactivated'
          AND i."email" = $1 AND i."accepted_at" IS NULL AND i."revoked_at" IS NULL AND i."expires_at" > $3
          AND i."invited_by" <> $2
        RETURNING i."id", i."organisation_id", i."role"`,
      [email, userId, at],
    );
    return rows.map((row) => ({ id: row.id, organisationId: row.organisation_id, role: row.role }));
  }

  /**
   * Makes the user a member with the invited role: a new membership, or a deactivated one
   * reactivated. An active membership is left as it is (null).
   */
  async upsertMembership(
    manager: EntityManager,
    input: {
      id: string;
      userId: string;
      organisationId: string;
      role: MemberRole;
      email: string;
      displayName: string | null;
      at: Date;
    },
  ): Promise<{ id: string } | null> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO "partners"."memberships" ("id", "user_id", "organisation_id", "role", "status", "email", "display_name", "created_at", "updated_at")
       VALUES ($1, $2, $3, $4, 'active', $5, $7, $6, $6)
       ON CONFLICT ON CONSTRAINT "uq_memberships_user_organisation" DO UPDATE
          SET "status" = 'active', "role" = EXCLUDED."role", "email" = EXCLUDED."email",
              "display_name" = COALESCE(EXCLUDED."display_name", "memberships"."display_name"),
              "updated_at" = EXCLUDED."updated_at"
        WHERE "memberships"."status" = 'deactivated'
       RETURNING "id"`,
      [input.id, input.userId, input.organisationId, input.role, input.email, input.at, input.displayName],
    );
    return rows[0] ?? null;
  }

  /** The memberships a request may act on: active, in an organisation that is not deactivated. */
  async activeMembershipsOf(userId: string): Promise<ActiveMembershipRow[]> {
    return (await this.membershipsAtRequest(userId, null)).memberships;
  }

  /**
   * The memberships a request may act on, and whether an open invitation waits for this verified
   * e-mail (null: none asked): one round trip, as every authenticated request asks it.
   */
  async membershipsAtRequest(
    userId: string,
    verifiedEmail: string | null,
  ): Promise<{ openInvitation: boolean; memberships: ActiveMembershipRow[] }> {
    const rows = await this.dataSource.query<
      ({ open_invitation: boolean } & (MembershipColumns | { [K in keyof MembershipColumns]: null }))[]
    >(
      `SELECT i."open_invitation", m.*
         FROM (SELECT $2::text IS NOT NULL AND EXISTS (
                 SELECT 1 FROM "partners"."invitations"
                  WHERE "email" = $2 AND "accepted_at" IS NULL AND "revoked_at" IS NULL AND "expires_at" > now()
                    AND "invited_by" <> $1)
               AS "open_invitation") i
         LEFT JOIN (
           SELECT m."id", m."organisation_id", m."role", m."email", m."display_name", m."kind", o."name_fi", o."name_sv", o."name_en", o."status"
             FROM "partners"."memberships" m
             JOIN "partners"."organisations" o ON o."id" = m."organisation_id"
            WHERE m."user_id" = $1 AND m."status" = 'active' AND o."status" <> 'deactivated'
         ) m ON true
        ORDER BY m."name_fi", m."organisation_id"`,
      [userId, verifiedEmail],
    );
    const memberships: ActiveMembershipRow[] = [];
    for (const row of rows) {
      if (row.id !== null) {
        memberships.push({
          membershipId: row.id,
          organisationId: row.organisation_id,
          role: row.role,
          email: row.email,
          displayName: row.display_name,
          kind: row.kind,
          nameFi: row.name_fi,
          nameSv: row.name_sv,
          nameEn: row.name_en,
          organisationStatus: row.status,
        });
      }
    }
    return { openInvitation: rows[0]?.open_invitation === true, memberships };
  }

  /** What the user's last login says of them (null: keep what is stored) onto all their memberships. */
  async updateProfile(
    userId: string,
    profile: { email: string | null; displayName: string | null; kind: MemberKind | null },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE "partners"."memberships"
          SET "email" = COALESCE($2, "email"), "display_name" = COALESCE($3, "display_name"),
              "kind" = COALESCE($4, "kind")
        WHERE "user_id" = $1
          AND ("email" IS DISTINCT FROM COALESCE($2, "email")
            OR "display_name" IS DISTINCT FROM COALESCE($3, "display_name")
            OR "kind" IS DISTINCT FROM COALESCE($4, "kind"))`,
      [userId, profile.email, profile.displayName, profile.kind],
    );
  }

  /**
   * The organisation's active members who are people, oldest first (keyset on created_at, id): what
   * colleagues may see, to assign work to (a partner system's account takes none).
   */
  listActiveMembers(
    organisationId: string,
    after: OldestFirstCursor | null,
    limit: number,
  ): Promise<MembershipEntity[]> {
    const builder = this.dataSource.manager
      .createQueryBuilder(MembershipEntity, 'm')
      .where('m.organisation_id = :organisationId', { organisationId })
      .andWhere(`m.status = 'active'`)
      .andWhere(`m.kind = 'person'`);
    return oldestFirstPage(builder, after, limit);
  }

  /** Open invitations of the organisation, oldest first (keyset on created_at, id). */
  listOpenInvitations(
    organisationId: string,
    after: OldestFirstCursor | null,
    limit: number,
  ): Promise<InvitationEntity[]> {
    const builder = this.dataSource.manager
      .createQueryBuilder(InvitationEntity, 'i')
      .where('i.organisation_id = :organisationId', { organisationId })
      .andWhere('i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()');
    return oldestFirstPage(builder, after, limit);
  }
}
