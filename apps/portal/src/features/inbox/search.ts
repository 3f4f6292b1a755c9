// The inbox's queue and filters live in the URL (bookmarkable, shareable): validateSearch keeps
// only values the screen understands, so a hand-edited link never breaks the page.
import { NEED_CATEGORIES, REFERRAL_STATUSES, type NeedCategory, type ReferralStatus } from '../../api/types';
import { isUuid } from '../../api/client';
import { isCalendarDay, nextDay, startOfHelsinkiDay } from '../../i18n/helsinki-time';

/** Work queues of partner staff (portal.md): each is a filter on the incoming box. */
export const INBOX_QUEUES = ['needs_action', 'overdue', 'mine', 'active', 'closed', 'all'] as const;
export type InboxQueue = (typeof INBOX_QUEUES)[number];

export const QUEUE_STATUSES: Record<InboxQueue, readonly ReferralStatus[] | undefined> = {
  needs_action: ['requested', 'received'],
  overdue: undefined,
  mine: ['requested', 'received', 'accepted', 'in_progress', 'on_hold'],
  active: ['accepted', 'in_progress', 'on_hold'],
  closed: ['rejected', 'completed', 'failed', 'cancelled'],
  all: undefined,
};

export interface InboxSearch {
  queue?: InboxQueue;
  status?: ReferralStatus;
  need?: NeedCategory;
  serviceId?: string;
  /** "me", "none" or a user id. */
  assignee?: string;
  /** Sent on or after this day (YYYY-MM-DD). */
  from?: string;
  /** Sent on or before this day (YYYY-MM-DD). */
  to?: string;
  overdue?: boolean;
}

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : undefined;
const day = (value: unknown): string | undefined =>
  typeof value === 'string' && isCalendarDay(value) ? value : undefined;
const uuid = (value: unknown): string | undefined => (isUuid(value) ? value : undefined);
const assignee = (value: unknown): string | undefined =>
  value === 'me' || value === 'none' || (typeof value === 'string' && /^[\w.@-]{1,100}$/.test(value))
    ? value
    : undefined;

/** The statuses the status filter offers on a queue: the queue's own, or every one but drafts. */
export function statusesOf(queue: InboxQueue | undefined): readonly ReferralStatus[] {
  return QUEUE_STATUSES[queue ?? 'needs_action'] ?? REFERRAL_STATUSES.filter((status) => status !== 'draft');
}

export function parseInboxSearch(search: Record<string, unknown>): InboxSearch {
  const queue = oneOf(INBOX_QUEUES, search.queue);
  return {
    queue,
    // The status narrows the queue: one outside it (another tab's, or a hand-edited link) is dropped.
    status: oneOf(statusesOf(queue), search.status),
    need: oneOf(NEED_CATEGORIES, search.need),
    serviceId: uuid(search.serviceId),
    assignee: assignee(search.assignee),
    from: day(search.from),
    to: day(search.to),
    overdue: search.overdue === true || search.overdue === 'true' ? true : undefined,
  };
}

/** The list request of a queue and its filters (GET /referrals?box=incoming&...). */
export function inboxQuery(search: InboxSearch): Record<string, string | boolean | undefined> {
  const queue = search.queue ?? 'needs_action';
  const statuses = search.status ? [search.status] : QUEUE_STATUSES[queue];
  return {
    box: 'incoming',
    status: statuses?.join(','),
    need: search.need,
    serviceId: search.serviceId,
    assignee: queue === 'mine' ? 'me' : search.assignee,
    overdue: queue === 'overdue' || search.overdue ? true : undefined,
    // Days in Helsinki, as the list shows the times: "sent until" a day includes the whole day.
    from: search.from ? startOfHelsinkiDay(search.from).toISOString() : undefined,
    to: search.to ? startOfHelsinkiDay(nextDay(search.to)).toISOString() : undefined,
  };
}

/** A queue's live count from the list's `counts` (per status in the box, and overdue). */
export function queueCount(queue: InboxQueue, counts: Record<string, number>): number | undefined {
  if (queue === 'overdue') {
    return counts.overdue ?? 0;
  }
  const statuses = QUEUE_STATUSES[queue];
  if (queue === 'mine' || !statuses) {
    return undefined;
  }
  return statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
}
