import type { DataSource, EntityManager } from 'typeorm';
import { AppError, AUDIT_EVENT_TYPE, type RequestContext } from '#contracts';
import type { OutboxWriter } from '#messaging';
import { auditEntryData, refusalEntryData, type AuditEntry } from '#service-core';

/** One audit event per admin action, in the transaction of the change (ids and codes only). */
export async function recordAudit(
  writer: OutboxWriter,
  manager: EntityManager,
  context: RequestContext,
  entry: AuditEntry,
): Promise<void> {
  await writer.append(manager, AUDIT_EVENT_TYPE, auditEntryData(context, entry), context);
}

/** How the access rules (access.ts) refuse: 403, or 404 for what the actor may not see. */
const REFUSAL_CODES: ReadonlySet<string> = new Set(['AUTH.FORBIDDEN', 'RESOURCE.NOT_FOUND']);

export interface AttemptedAction {
  /** The request's `<resource>.<verb>` (`organisation.update`), not the past tense of a granted entry. */
  action: string;
  targetType: string;
  targetId: string | null;
  /** The organisation the action was aimed at (`detail.targetOrganisationId`). */
  targetOrganisationId: string | null;
}

/**
 * Runs an access rule before anything is read for update or written. When the rule refuses (403 or
 * 404), one `refused` audit entry with the error code is committed in its own transaction (nothing
 * else is written) and the refusal is rethrown unchanged.
 */
export async function enforce<T>(
  writer: OutboxWriter,
  dataSource: DataSource,
  context: RequestContext,
  attempted: AttemptedAction,
  rule: () => T,
): Promise<T> {
  try {
    return rule();
  } catch (error) {
    if (error instanceof AppError && REFUSAL_CODES.has(error.code)) {
      const entry = refusalEntryData(context, {
        action: attempted.action,
        targetType: attempted.targetType,
        targetId: attempted.targetId,
        code: error.code,
        detail: { targetOrganisationId: attempted.targetOrganisationId },
      });
      await dataSource.transaction((manager) => writer.append(manager, AUDIT_EVENT_TYPE, entry, context));
    }
    throw error;
  }
}
