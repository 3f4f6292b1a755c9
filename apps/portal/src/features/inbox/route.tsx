// Partner staff's inbox: work queues as tabs with live counts, filters in the URL, keyset paging
// ("Load more"), and a polite announcement when new referrals arrive. The live stream invalidates
// ['referrals'], so a new referral or a colleague's change shows here without a reload.
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { useSession } from '../../api/session';
import { NEED_CATEGORIES, type ReferralSummary } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { useAnnouncer } from '../../shell/Announcer';
import { AppLink } from '../../ui/AppLink';
import { QueryView } from '../../ui/QueryView';
import { PageHeading } from '../../ui/PageHeading';
import { Select } from '../../ui/Select';
import { StatusBadge } from '../../ui/StatusBadge';
import { useColleagues } from '../referral-receiver/queries';
import { useIncomingReferrals, useMineCount, useOrganisationServices } from './queries';
import {
  INBOX_QUEUES,
  inboxQuery,
  queueCount,
  statusesOf,
  type InboxQueue,
  type InboxSearch,
} from './search';
import './partner.css';
import { LoadMore } from '../../ui/LoadMore';
import { DayFilter } from './DayFilter';
import { TableScroll } from '../../ui/TableScroll';

const routeApi = getRouteApi('/inbox');

/** The list's rows carry these too (apps/gateway/src/referrals/referrals.dto.ts). */
type InboxRow = ReferralSummary & { assigneeId?: string | null; receivedAt?: string | null };

/** Says "N new referrals" when the count of requested ones grows while the inbox is open. */
function useNewReferralAnnouncement(requested: number | undefined) {
  const { t } = useTranslation();
  const { announce } = useAnnouncer();
  const previous = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (requested === undefined) {
      return;
    }
    const before = previous.current;
    previous.current = requested;
    if (before !== undefined && requested > before) {
      announce(t('inbox.newReferrals', { count: requested - before }));
    }
  }, [requested, announce, t]);
}

function Filters({ search }: { search: InboxSearch }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate({ from: '/inbox' });
  const { session } = useSession();
  const services = useOrganisationServices(session.activeOrganisationId);
  const colleagues = useColleagues(session.activeOrganisationId);
  const set = (patch: Partial<InboxSearch>) =>
    void navigate({ search: (current: InboxSearch) => ({ ...current, ...patch }), replace: true });
  const value = (text: string) => (text === '' ? undefined : text);
  return (
    <form className="filters" aria-label={t('inbox.filters')} onSubmit={(event) => event.preventDefault()}>
      <Select
        id="inbox-status"
        label={t('inbox.filter.status')}
        value={search.status ?? ''}
        onChange={(v) => set({ status: value(v) as InboxSearch['status'] })}
      >
        <option value="">{t('inbox.filter.queueStatuses')}</option>
        {statusesOf(search.queue).map((status) => (
          <option key={status} value={status}>
            {t(`status.${status}`)}
          </option>
        ))}
      </Select>
      <Select
        id="inbox-need"
        label={t('inbox.filter.need')}
        value={search.need ?? ''}
        onChange={(v) => set({ need: value(v) as InboxSearch['need'] })}
      >
        <option value="">{t('common.all')}</option>
        {NEED_CATEGORIES.map((need) => (
          <option key={need} value={need}>
            {t(`need.${need}`)}
          </option>
        ))}
      </Select>
      <Select
        id="inbox-service"
        label={t('inbox.filter.service')}
        value={search.serviceId ?? ''}
        onChange={(v) => set({ serviceId: value(v) })}
      >
        <option value="">{t('common.all')}</option>
        {(services.data?.items ?? []).map((service) => (
          <option key={service.id} value={service.id}>
            {format.localised(service.name)}
          </option>
        ))}
      </Select>
      <Select
        id="inbox-assignee"
        label={t('inbox.filter.assignee')}
        value={search.assignee ?? ''}
        disabled={search.queue === 'mine'}
        onChange={(v) => set({ assignee: value(v) })}
      >
        <option value="">{t('common.all')}</option>
        <option value="me">{t('inbox.assignee.me')}</option>
        <option value="none">{t('inbox.assignee.none')}</option>
        {colleagues.data
          ?.filter((colleague) => colleague.userId !== session.user.userId && colleague.displayName)
          .map((colleague) => (
            <option key={colleague.userId} value={colleague.userId}>
              {colleague.displayName}
            </option>
          ))}
      </Select>
      <DayFilter
        id="inbox-from"
        label={t('inbox.filter.from')}
        value={search.from}
        onChange={(day) => set({ from: day })}
      />
      <DayFilter
        id="inbox-to"
        label={t('inbox.filter.to')}
        value={search.to}
        onChange={(day) => set({ to: day })}
      />
      {search.from && search.to && search.from > search.to && (
        <p className="field__error" role="alert" data-days-reversed="">
          {t('inbox.filter.daysReversed')}
        </p>
      )}
      <div className="field">
        <label className="check" htmlFor="inbox-overdue">
          <input
            id="inbox-overdue"
            type="checkbox"
            checked={search.overdue === true}
            onChange={(event) => set({ overdue: event.target.checked ? true : undefined })}
          />
          {t('inbox.filter.overdue')}
        </label>
      </div>
      <Button
        variant="secondary"
        onClick={() => void navigate({ search: { queue: search.queue }, replace: true })}
      >
        {t('inbox.filter.clear')}
      </Button>
    </form>
  );
}

function Rows({ rows, userId }: { rows: InboxRow[]; userId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { session } = useSession();
  const colleagues = useColleagues(session.activeOrganisationId);
  // The same list as the service filter's (one request for both).
  const services = useOrganisationServices(session.activeOrganisationId);
  const serviceName = (serviceId: string | null) => {
    const service = serviceId ? services.data?.items.find((item) => item.id === serviceId) : undefined;
    return service ? format.localised(service.name) : null;
  };
  const nameOf = (id: string) =>
    colleagues.data?.find((colleague) => colleague.userId === id)?.displayName ??
    t('inbox.assignee.colleague');
  const assigneeText = (assigneeId: string | null | undefined) => {
    if (!assigneeId) {
      return t('inbox.assignee.none');
    }
    return assigneeId === userId ? t('inbox.assignee.me') : nameOf(assigneeId);
  };
  return (
    <TableScroll label={t('inbox.tableCaption')}>
      <table className="data-table">
        <caption className="visually-hidden">{t('inbox.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('inbox.column.referral')}</th>
            <th scope="col">{t('inbox.column.from')}</th>
            <th scope="col">{t('inbox.column.sent')}</th>
            <th scope="col">{t('inbox.column.status')}</th>
            <th scope="col">{t('inbox.column.due')}</th>
            <th scope="col">{t('inbox.column.assignee')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const service = serviceName(row.serviceId);
            return (
              <tr key={row.id} data-referral-id={row.id}>
                <td>
                  <AppLink to="/referrals/$referralId" params={{ referralId: row.id }}>
                    {t(`need.${row.need}`)}
                    {/* Links of the same need differ by when they were sent, for a list of links too. */}
                    <span className="visually-hidden">{` – ${format.dateTime(row.sentAt)}`}</span>
                  </AppLink>
                  {service && <div>{service}</div>}
                  <div className="muted">{t(`urgency.${row.urgency}`)}</div>
                </td>
                <td>{format.localised(row.sendingOrganisation.name)}</td>
                <td>{format.dateTime(row.sentAt)}</td>
                <td>
                  <StatusBadge status={row.status} />
                </td>
                <td>
                  {format.deadline(row.dueAt) || '–'}
                  {row.overdue && (
                    <div className="overdue-text" data-overdue="true">
                      {t('inbox.overdue')}
                    </div>
                  )}
                </td>
                <td>{assigneeText(row.assigneeId)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function InboxScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const { session } = useSession();
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/inbox' });
  const queue: InboxQueue = search.queue ?? 'needs_action';
  const list = useIncomingReferrals(inboxQuery(search));
  const mine = useMineCount();
  const counts = list.data?.pages[0]?.counts;
  useNewReferralAnnouncement(counts ? (counts.requested ?? 0) : undefined);
  const rows = (list.data?.pages ?? []).flatMap((page) => page.items) as InboxRow[];

  const countText = (key: InboxQueue): string => {
    if (key === 'mine') {
      return mine.data ? `${format.number(mine.data.count)}${mine.data.more ? '+' : ''}` : '';
    }
    if (!counts) {
      return '';
    }
    if (key === 'all') {
      const total = Object.entries(counts)
        .filter(([status]) => status !== 'overdue' && status !== 'draft')
        .reduce((sum, [, n]) => sum + n, 0);
      return format.number(total);
    }
    return format.number(queueCount(key, counts) ?? 0);
  };

  return (
    <>
      <PageHeading>{t('inbox.title')}</PageHeading>
      <Filters search={search} />
      <Tabs
        className="inbox-tabs"
        selectedKey={queue}
        onSelectionChange={(key) =>
          void navigate({ search: (current: InboxSearch) => ({ ...current, queue: key as InboxQueue }) })
        }
      >
        <TabList aria-label={t('inbox.queues')}>
          {INBOX_QUEUES.map((key) => (
            <Tab key={key} id={key} data-queue={key}>
              {t(`inbox.queue.${key}`)}
              {countText(key) !== '' && <span data-count="">{` (${countText(key)})`}</span>}
            </Tab>
          ))}
        </TabList>
        <TabPanel id={queue}>
          <QueryView query={list} isEmpty={() => rows.length === 0} empty={<p>{t('inbox.empty')}</p>}>
            {() => (
              <>
                <p className="muted" aria-live="polite">
                  {t('common.showing', { count: format.number(rows.length) })}
                </p>
                <Rows rows={rows} userId={session.user.userId} />
                <LoadMore query={list} />
              </>
            )}
          </QueryView>
        </TabPanel>
      </Tabs>
    </>
  );
}

export const Route = createLazyRoute('/inbox')({ component: InboxScreen });
