// The audit search's filters live in the URL (a search can be bookmarked and shared).
import { helsinkiInstant } from '../../i18n/helsinki-time';

export interface AuditSearch {
  from?: string;
  to?: string;
  userId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  organisationId?: string;
}

export const AUDIT_FILTERS = [
  'from',
  'to',
  'userId',
  'action',
  'targetType',
  'targetId',
  'organisationId',
] as const;

export function parseAuditSearch(search: Record<string, unknown>): AuditSearch {
  const result: AuditSearch = {};
  for (const key of AUDIT_FILTERS) {
    const value = search[key];
    if (typeof value === 'string' && value.trim().length > 0) {
      result[key] = value.trim();
    }
  }
  return result;
}

/**
 * A `datetime-local` value as ISO 8601 UTC, read on a Helsinki clock as the results show their
 * times (whatever the browser's time zone); anything else as typed, for the API to judge.
 */
export function toIso(local: string | undefined): string | undefined {
  if (!local) {
    return undefined;
  }
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(local);
  if (!match) {
    return local;
  }
  try {
    return helsinkiInstant(match[1], match[2]).toISOString();
  } catch {
    return local;
  }
}
