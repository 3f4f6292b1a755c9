// The advisor's outbox as work queues with live counts (the list's `counts`, refreshed by the live
// stream), filters in the URL (queue, status, need, overdue) and keyset paging.
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Checkbox } from 'suomifi-ui-components';
import { useOutgoingReferrals } from '../../api/queries';
import { CLOSED_STATUSES, NEED_CATEGORIES, OPEN_STATUSES, REFERRAL_STATUSES } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { AppLink } from '../../ui/AppLink';
import { QueryView } from '../../ui/QueryView';
import { PageHeading } from '../../ui/PageHeading';
import { Select } from '../../ui/Select';
import { ReferralTable } from './ReferralTable';
import { QUEUE_STATUSES, QUEUES, type OutboxSearch, type Queue } from './search';
import { LoadMore } from '../../ui/LoadMore';

const routeApi = getRouteApi('/outbox');

const sum = (counts: Record<string, number>, statuses: readonly string[]) =>
  statuses.reduce((total, status) => total + (counts[status] ?? 0), 0);

export function queueCount(queue: Queue, counts: Record<string, number>): number {
  switch (queue) {
    case 'open':
      return sum(counts, OPEN_STATUSES);
    case 'attention':
      return counts.overdue ?? 0;
    case 'drafts':
      return counts.draft ?? 0;
    case 'closed':
      return sum(counts, CLOSED_STATUSES);
    case 'all':
      return sum(counts, REFERRAL_STATUSES);
  }
}

/** The API filters of a queue, with the URL's own filters on top. */
export function listFilters(search: OutboxSearch): Record<string, string | boolean | undefined> {
  const queue = search.queue ?? 'open';
  const byQueue: Record<Queue, { status?: string; overdue?: boolean }> = {
    open: { status: OPEN_STATUSES.join(',') },
    attention: { overdue: true },
    drafts: { status: 'draft' },
    closed: { status: CLOSED_STATUSES.join(',') },
    all: {},
  };
  return {
    ...byQueue[queue],
    ...(search.status ? { status: search.status } : {}),
    ...(search.overdue ? { overdue: true } : {}),
    need: search.need,
  };
}

function Outbox() {
  const { t } = useTranslation();
  const format = useFormat();
  const search = routeApi.useSearch();
  const navigate = useNavigate();
  const queue = search.queue ?? 'open';
  const referrals = useOutgoingReferrals(listFilters(search));
  const counts = referrals.data?.pages[0]?.counts ?? {};
  const items = referrals.data?.pages.flatMap((page) => page.items) ?? [];
  const setFilter = (patch: Partial<OutboxSearch>) =>
    void navigate({ to: '/outbox', search: { ...search, ...patch }, replace: true });
  return (
    <>
      <PageHeading>{t('outbox.title')}</PageHeading>
      <nav aria-label={t('outbox.queues')}>
        <ul className="queues">
          {QUEUES.map((entry) => (
            <li key={entry}>
              <AppLink
                to="/outbox"
                search={{ ...search, queue: entry, status: undefined }}
                aria-current={entry === queue ? 'page' : undefined}
                data-queue={entry}
              >
                {t(`outbox.queue.${entry}`)}{' '}
                <span className="queue-count" data-count={queueCount(entry, counts)}>
                  ({format.number(queueCount(entry, counts))})
                </span>
              </AppLink>
            </li>
          ))}
        </ul>
      </nav>
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {referrals.data
          ? QUEUES.map(
              (entry) => `${t(`outbox.queue.${entry}`)} ${format.number(queueCount(entry, counts))}`,
            ).join(', ')
          : ''}
      </p>
      <div className="filters" role="group" aria-label={t('outbox.filters')}>
        <Select
          id="outbox-status"
          label={t('referral.status')}
          value={search.status ?? ''}
          onChange={(value) => setFilter({ status: (value || undefined) as OutboxSearch['status'] })}
        >
          <option value="">{t('common.all')}</option>
          {QUEUE_STATUSES[queue].map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </Select>
        <Select
          id="outbox-need"
          label={t('referral.need')}
          value={search.need ?? ''}
          onChange={(value) => setFilter({ need: (value || undefined) as OutboxSearch['need'] })}
        >
          <option value="">{t('common.all')}</option>
          {NEED_CATEGORIES.map((need) => (
            <option key={need} value={need}>
              {t(`need.${need}`)}
            </option>
          ))}
        </Select>
        <Checkbox
          id="outbox-overdue"
          checked={search.overdue === true}
          onClick={({ checkboxState }) => setFilter({ overdue: checkboxState || undefined })}
        >
          {t('outbox.onlyOverdue')}
        </Checkbox>
      </div>
      <QueryView
        query={referrals}
        isEmpty={() => items.length === 0}
        empty={<p role="status">{t('outbox.empty')}</p>}
      >
        {() => (
          <>
            <ReferralTable items={items} caption={t(`outbox.queue.${queue}`)} />
            <LoadMore query={referrals} />
          </>
        )}
      </QueryView>
    </>
  );
}

export const Route = createLazyRoute('/outbox')({ component: Outbox });
