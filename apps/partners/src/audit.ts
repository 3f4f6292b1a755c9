import type { EntityManager } from 'typeorm';
import { AUDIT_EVENT_TYPE, type Actor, type AuditEntryData } from '#contracts';
import type { OutboxWriter } from '#messaging';

export interface ActionContext {
  actor: Actor;
  correlationId: string;
}

/** One audit event per admin action, in the transaction of the change (ids and codes only). */
export async function recordAudit(
  writer: OutboxWriter,
  manager: EntityManager,
  context: ActionContext,
  entry: Omit<AuditEntryData, 'outcome' | 'organisationId'> &
    Partial<Pick<AuditEntryData, 'outcome' | 'organisationId'>>,
): Promise<void> {
  await writer.append(
    manager,
    AUDIT_EVENT_TYPE,
    { outcome: 'granted', organisationId: context.actor.organisationId, ...entry },
    context,
  );
}
