import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_EVENT_TYPE, type ActorContext, type AuditEntryData } from '#contracts';
import { OutboxWriter } from '#messaging';

export type AuditEntry = Omit<AuditEntryData, 'outcome' | 'organisationId'> &
  Partial<Pick<AuditEntryData, 'outcome' | 'organisationId'>>;

/**
 * Every read and change of a client's data is one `events.audit.entry.recorded` event in the
 * outbox (ids and codes only): changes in their own transaction, reads in a small one.
 */
@Injectable()
export class AuditRecorder {
  constructor(
    @Inject(OutboxWriter) private readonly writer: OutboxWriter,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async record(manager: EntityManager, context: ActorContext, entry: AuditEntry): Promise<void> {
    await this.writer.append(
      manager,
      AUDIT_EVENT_TYPE,
      {
        outcome: 'granted',
        organisationId: context.actor.organisationId,
        sourceService: 'clients',
        ...entry,
      },
      context,
    );
  }

  /** Reads change nothing, so their audit entries get a transaction of their own. */
  async recordReads(context: ActorContext, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) {
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      for (const entry of entries) {
        await this.record(manager, context, entry);
      }
    });
  }
}
