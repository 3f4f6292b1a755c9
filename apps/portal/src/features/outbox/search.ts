// The outbox's filters live in the URL (bookmarkable, shareable): queue, status, need, overdue.
import {
  CLOSED_STATUSES,
  NEED_CATEGORIES,
  OPEN_STATUSES,
  REFERRAL_STATUSES,
  type NeedCategory,
  type ReferralStatus,
} from '../../api/types';

export const QUEUES = ['open', 'attention', 'drafts', 'closed', 'all'] as const;
export type Queue = (typeof QUEUES)[number];

export interface OutboxSearch {
  queue?: Queue;
  status?: ReferralStatus;
  need?: NeedCategory;
  overdue?: boolean;
}

/** The statuses a queue holds, which its status filter offers (the attention queue is overdue ones). */
export const QUEUE_STATUSES: Record<Queue, readonly ReferralStatus[]> = {
  open: OPEN_STATUSES,
  attention: REFERRAL_STATUSES,
  drafts: ['draft'],
  closed: CLOSED_STATUSES,
  all: REFERRAL_STATUSES,
};

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : undefined;

export function parseOutboxSearch(search: Record<string, unknown>): OutboxSearch {
  const queue = oneOf(QUEUES, search.queue);
  return {
    queue,
    // The status narrows the queue: one outside it (a hand-edited link) is dropped.
    status: oneOf(QUEUE_STATUSES[queue ?? 'open'], search.status),
    need: oneOf(NEED_CATEGORIES, search.need),
    overdue: search.overdue === true || search.overdue === 'true' ? true : undefined,
  };
}
