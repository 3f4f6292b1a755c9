import type { DataSource, EntityManager } from 'typeorm';
import { AppError, AUDIT_EVENT_TYPE, type AuditEntryData, type RequestContext } from '#contracts';
import type { OutboxWriter } from '#messaging';

/** One audit event per admin action, in the transaction of the change (ids and codes only). */
export async function recordAudit(
  writer: OutboxWriter,
  manager: EntityManager,
  context: RequestContext,
  entry: Omit<AuditEntryData, 'outcome' | 'organisationId'> &
    Partial<Pick<AuditEntryData, 'outcome' | 'organisationId'>>,
): Promise<void> {
  await writer.append(
    manager,
    AUDIT_EVENT_TYPE,
    { outcome: 'granted', organisationId: context.actor?.organisationId ?? null, ...entry },
    context,
  );
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
      await dataSource.transaction((manager) =>
        recordAudit(writer, manager, context, {
          action: attempted.action,
          outcome: 'refused',
          targetType: attempted.targetType,
          targetId: attempted.targetId,
          detail: { code: error.code, targetOrganisationId: attempted.targetOrganisationId },
        }),
      );
    }
    throw error;
  }
}
