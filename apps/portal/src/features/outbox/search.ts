// The outbox's filters live in the URL (bookmarkable, shareable): queue, status, need, overdue.
import { NEED_CATEGORIES, REFERRAL_STATUSES, type NeedCategory, type ReferralStatus } from '../../api/types';

export const QUEUES = ['open', 'attention', 'drafts', 'closed', 'all'] as const;
export type Queue = (typeof QUEUES)[number];

export interface OutboxSearch {
  queue?: Queue;
  status?: ReferralStatus;
  need?: NeedCategory;
  overdue?: boolean;
}

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : undefined;

export function parseOutboxSearch(search: Record<string, unknown>): OutboxSearch {
  return {
    queue: oneOf(QUEUES, search.queue),
    status: oneOf(REFERRAL_STATUSES, search.status),
    need: oneOf(NEED_CATEGORIES, search.need),
    overdue: search.overdue === true || search.overdue === 'true' ? true : undefined,
  };
}
