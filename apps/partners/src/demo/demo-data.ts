import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PARTNERS_CONFIG, type PartnersConfig } from '../config.js';
import { DEMO_ORG_MONI, DEMO_ORGANISATIONS, type DemoOrganisation } from './demo-organisations.js';
import { DEMO_MEMBERSHIPS, DEMO_USER_ADMIN, DEMO_USER_MONI_ADMIN } from './demo-users.js';

// Fixed creation times keep the demo rows in a stable order and make reloading a no-op.
const DEMO_EPOCH = Date.parse('2026-01-05T08:00:00.000Z');

/** The admin who accepted an active demo organisation's agreement: MONI's own admin for MONI. */
const agreementAcceptor = (org: DemoOrganisation): string =>
  org.id === DEMO_ORG_MONI ? DEMO_USER_MONI_ADMIN : DEMO_USER_ADMIN;

/**
 * Loads the Seinäjoki demo network (DEMO_DATA=true) at start, idempotently: rows that exist
 * (by id, business ID or user and organisation) are left alone. Other demo loaders (the service
 * directory) await `ensureLoaded()` before seeding rows that refer to the organisations.
 */
@Injectable()
export class DemoDataLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoDataLoader.name);
  private loading: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PARTNERS_CONFIG) private readonly config: PartnersConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureLoaded();
  }

  ensureLoaded(): Promise<void> {
    if (!this.config.demoData) {
      return Promise.resolve();
    }
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<void> {
    let created = 0;
    await this.dataSource.transaction(async (manager) => {
      for (const [index, org] of DEMO_ORGANISATIONS.entries()) {
        const at = new Date(DEMO_EPOCH + index * 1000);
        const active = org.status === 'active';
        const rows = await manager.query<{ id: string }[]>(
          `INSERT INTO "partners"."organisations"
             ("id", "name_fi", "name_sv", "name_en", "business_id", "kind", "can_send", "can_receive",
              "intake_email", "response_days", "accepting_referrals", "status",
              "agreement_version", "agreement_accepted_by", "agreement_accepted_at", "created_at", "updated_at")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true, $11, $12, $13, $14, $15, $15)
           ON CONFLICT DO NOTHING
           RETURNING "id"`,
          [
            org.id,
            org.name.fi,
            org.name.sv,
            org.name.en,
            org.businessId,
            org.kind,
            org.canSend,
            org.canReceive,
            org.intakeEmail,
            org.responseDays,
            org.status,
            active ? this.config.agreementVersion : null,
            active ? agreementAcceptor(org) : null,
            active ? at : null,
            at,
          ],
        );
        if (rows.length === 0) {
          continue;
        }
        created += 1;
        for (const [unitIndex, unit] of org.units.entries()) {
          await manager.query(
            `INSERT INTO "partners"."units" ("organisation_id", "name_fi", "name_sv", "name_en", "created_at")
             VALUES ($1, $2, $3, $4, $5)`,
            [org.id, unit.fi, unit.sv, unit.en, new Date(at.getTime() + unitIndex)],
          );
        }
      }
      for (const [index, membership] of DEMO_MEMBERSHIPS.entries()) {
        const at = new Date(DEMO_EPOCH + 60_000 + index * 1000);
        await manager.query(
          `INSERT INTO "partners"."memberships"
             ("id", "user_id", "organisation_id", "role", "status", "email", "display_name", "kind", "created_at", "updated_at")
           SELECT $1, $2, $3, $4, 'active', $5, $7, $8, $6, $6
            WHERE EXISTS (SELECT 1 FROM "partners"."organisations" WHERE "id" = $3)
           ON CONFLICT DO NOTHING`,
          [
            membership.id,
            membership.userId,
            membership.organisationId,
            membership.role,
            membership.email,
            at,
            membership.displayName,
            membership.kind ?? 'person',
          ],
        );
      }
    });
    this.logger.log({ created }, 'demo network loaded');
  }
}
