import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '#contracts';
import { OutboxWriter } from '#messaging';
import { CLIENTS_CONFIG, type ClientsConfig } from '../config.js';

const NOTICE_BATCH = 200;

interface ExpiringRow {
  id: string;
  client_id: string;
  organisation_id: string;
  valid_until: Date;
  recorded_by: string;
}

/**
 * "Consent expiring soon": once per consent, CONSENT_EXPIRY_NOTICE_DAYS before it ends, an
 * `events.clients.consent.expiring` for the advisor who recorded it. Replica-safe: the consents are
 * claimed with FOR UPDATE SKIP LOCKED and marked (`expiry_notified_at`) in the transaction that
 * appends the events, so two runs at once emit each notice once.
 */
@Injectable()
export class ConsentExpiryNotices {
  constructor(
    @Inject(CLIENTS_CONFIG) private readonly config: ClientsConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(OutboxWriter) private readonly events: OutboxWriter,
  ) {}

  async notifyExpiring(correlationId: string): Promise<number> {
    if (this.config.consentExpiryNoticeDays === 0) {
      return 0;
    }
    let total = 0;
    for (;;) {
      const notified = await this.dataSource.transaction(async (manager) => {
        const result = await manager.query<ExpiringRow[] | [ExpiringRow[], number]>(
          `UPDATE "clients"."consents" SET "expiry_notified_at" = now()
            WHERE "id" IN (
              SELECT "id" FROM "clients"."consents"
               WHERE "status" = 'active' AND "expiry_notified_at" IS NULL
                 AND "valid_until" > now() AND "valid_until" <= now() + make_interval(days => $1)
               ORDER BY "valid_until" LIMIT $2
               FOR UPDATE SKIP LOCKED)
            RETURNING "id", "client_id", "organisation_id", "valid_until", "recorded_by"`,
          [this.config.consentExpiryNoticeDays, NOTICE_BATCH],
        );
        const rows = (Array.isArray(result[0]) ? result[0] : result) as ExpiringRow[];
        for (const row of rows) {
          await this.events.append(
            manager,
            'events.clients.consent.expiring',
            {
              consentId: row.id,
              clientId: row.client_id,
              organisationId: row.organisation_id,
              validUntil: new Date(row.valid_until).toISOString(),
              recordedByUserId: row.recorded_by,
            },
            { actor: SYSTEM_ACTOR, correlationId },
          );
        }
        return rows.length;
      });
      total += notified;
      if (notified < NOTICE_BATCH) {
        return total;
      }
    }
  }
}
