// The one way a service writes its audit log: `events.audit.entry.recorded` through the outbox (ids
// and codes only), a change's entry in the change's transaction, a read's and a refusal's in one of
// their own. A refusal is recorded as what it is: outcome `refused`, the action that was refused
// (`referral.transition`, `organisation.update`), the error code.
import { Inject, Injectable } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_EVENT_TYPE, type AuditEntryData, type ErrorCode, type RequestContext } from '#contracts';
import { OutboxWriter, type NewEvent } from '#messaging';

/** An entry as a service states it: granted and on behalf of the actor's organisation unless it says otherwise. */
export type AuditEntry = Omit<AuditEntryData, 'outcome' | 'organisationId'> &
  Partial<Pick<AuditEntryData, 'outcome' | 'organisationId'>>;

/** A refused request: the action asked for, its target, and the error code it was refused with. */
export interface AuditRefusal {
  action: string;
  targetType: string;
  targetId: string | null;
  code: ErrorCode;
  /** Default: the actor's organisation. */
  organisationId?: string | null;
  clientId?: string | null;
  /** More codes (ids and codes only), next to `code`. */
  detail?: Record<string, string | number | boolean | null>;
}

/** The data of a granted (or explicitly refused) entry. */
export function auditEntryData(context: RequestContext, entry: AuditEntry): AuditEntryData {
  return { outcome: 'granted', organisationId: context.actor?.organisationId ?? null, ...entry };
}

/** The data of a refusal's entry. */
export function refusalEntryData(context: RequestContext, refusal: AuditRefusal): AuditEntryData {
  const { code, detail, ...entry } = refusal;
  return auditEntryData(context, { ...entry, outcome: 'refused', detail: { ...detail, code } });
}

@Injectable()
export class AuditRecorder {
  constructor(
    private readonly writer: OutboxWriter,
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
  ) {}

  /** In the transaction of the change it records. */
  async record(manager: EntityManager, context: RequestContext, entry: AuditEntry): Promise<void> {
    await this.writer.append(manager, AUDIT_EVENT_TYPE, auditEntryData(context, entry), context);
  }

  /** In the transaction of the change it records, with the change's own events: one statement for all. */
  async recordWith(
    manager: EntityManager,
    context: RequestContext,
    entry: AuditEntry,
    events: NewEvent[],
  ): Promise<void> {
    await this.writer.appendAll(
      manager,
      [...events, { type: AUDIT_EVENT_TYPE, data: auditEntryData(context, entry) }],
      context,
    );
  }

  /** Reads change nothing, so their audit entries get a transaction of their own. */
  async recordReads(context: RequestContext, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) {
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      for (const entry of entries) {
        await this.record(manager, context, entry);
      }
    });
  }

  /** A refusal writes nothing else, so its entry gets a transaction of its own. */
  async recordRefusal(context: RequestContext, refusal: AuditRefusal): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.writer.append(manager, AUDIT_EVENT_TYPE, refusalEntryData(context, refusal), context),
    );
  }
}
