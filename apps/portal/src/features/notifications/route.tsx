// The user's in-app notifications: unread or all (in the URL), newest first, each with a link to
// what it is about; mark one or all read. The live stream keeps the list and the bell fresh.
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { api } from '../../api/client';
import type { Notification, NotificationPage } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { useAnnouncer } from '../../shell/Announcer';
import { AppLink } from '../../ui/AppLink';
import { errorMessage } from '../../ui/FormErrors';
import { QueryView } from '../../ui/QueryView';
import { PageHeading } from '../../ui/PageHeading';
import { Select } from '../../ui/Select';
import '../inbox/partner.css';
import { LoadMore } from '../../ui/LoadMore';

const routeApi = getRouteApi('/notifications');

/** The notification in words, from its kind and codes (never free text: there is none). */
export function notificationText(
  notification: Notification,
  t: ReturnType<typeof useTranslation>['t'],
  format: Pick<ReturnType<typeof useFormat>, 'date' | 'deadline'>,
): string {
  const detail = notification.detail ?? {};
  const status = (code: string | null | undefined) =>
    code ? t(`status.${code}`, { defaultValue: code }) : '';
  // A change of who may act for the organisation (its administrators'): which change, in its own words.
  const key =
    notification.kind === 'membership.changed'
      ? `notificationsPage.kind.membership.${detail.change ?? 'invited'}`
      : `notificationsPage.kind.${notification.kind}`;
  return t(key, {
    defaultValue: t('notificationsPage.kind.other'),
    role: detail.role ? t(`role.${detail.role}`, { defaultValue: detail.role }).toLocaleLowerCase() : '',
    status: status(detail.to),
    need: detail.need ? t(`need.${detail.need}`, { defaultValue: detail.need }) : '',
    date: detail.dueAt ? format.deadline(detail.dueAt) : format.date(detail.validUntil ?? null),
  });
}

/**
 * Where the keyboard may go once an item's own button is gone, in order: this item's link when the
 * item stays, else the next item's, the previous one's, the page's heading.
 */
function placesAfter(item: HTMLLIElement | null, leaves: boolean): Array<HTMLElement | null> {
  const focusable = (element: Element | null | undefined) =>
    element?.querySelector<HTMLElement>('a, button') ?? null;
  return [
    leaves ? null : (item?.querySelector<HTMLElement>('a') ?? null),
    focusable(item?.nextElementSibling),
    focusable(item?.previousElementSibling),
    document.querySelector<HTMLElement>('main [data-page-heading]'),
  ];
}

/** A portal-relative link ("/referrals/<id>") as a route the router knows; anything else: none. */
function target(notification: Notification): { referralId: string } | null {
  const match = /^\/referrals\/([0-9a-f-]{36})$/i.exec(notification.link ?? '');
  if (match) {
    return { referralId: match[1] };
  }
  return notification.referralId ? { referralId: notification.referralId } : null;
}

function Item({
  notification,
  leavesOnRead,
}: {
  notification: Notification;
  /** Only unread ones are listed: this one leaves the list once read. */
  leavesOnRead: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const unread = notification.readAt === null;
  const itemRef = useRef<HTMLLIElement>(null);
  const markRead = async (fromButton = false) => {
    setError(null);
    // The button goes with the item's unread state (and the item with it, when only unread ones are
    // listed): the keyboard's next place is decided while the item is still there.
    const places = fromButton ? placesAfter(itemRef.current, leavesOnRead) : [];
    try {
      await api.post(`/api/v1/notifications/${encodeURIComponent(notification.id)}/read`);
      await queryClient.invalidateQueries({ queryKey: ['notifications'] });
      if (document.activeElement === null || document.activeElement === document.body) {
        places.find((place) => place?.isConnected)?.focus();
      }
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };
  const text = notificationText(notification, t, format);
  const link = target(notification);
  return (
    <li ref={itemRef} data-notification-id={notification.id} data-unread={unread ? 'true' : 'false'}>
      <div>
        <p>
          {unread && <strong>{t('notificationsPage.unread')}: </strong>}
          {link ? (
            <AppLink
              to="/referrals/$referralId"
              params={link}
              onClick={() => {
                if (unread) {
                  void markRead();
                }
              }}
            >
              {text}
            </AppLink>
          ) : (
            text
          )}
        </p>
        <p className="muted">
          <time dateTime={notification.createdAt}>{format.dateTime(notification.createdAt)}</time>
        </p>
        {error && (
          <p className="field__error" role="alert">
            {error}
          </p>
        )}
      </div>
      {unread && (
        <Button
          variant="secondary"
          onClick={() => void markRead(true)}
          aria-label={t('notificationsPage.markReadOf', { text })}
        >
          {t('notificationsPage.markRead')}
        </Button>
      )}
    </li>
  );
}

function NotificationsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const { filter } = routeApi.useSearch();
  const navigate = useNavigate({ from: '/notifications' });
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const [error, setError] = useState<string | null>(null);
  const unreadOnly = filter !== 'all';
  const list = useInfiniteQuery({
    queryKey: ['notifications', 'list', unreadOnly ? 'unread' : 'all'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<NotificationPage>('/api/v1/notifications', {
        unread: unreadOnly ? true : undefined,
        cursor: pageParam,
        limit: 20,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = (list.data?.pages ?? []).flatMap((page) => page.items);
  const unreadCount = list.data?.pages[0]?.unreadCount ?? 0;
  return (
    <>
      <PageHeading>{t('notificationsPage.title')}</PageHeading>
      <div className="filters">
        <Select
          id="notifications-filter"
          label={t('notificationsPage.show')}
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(value) =>
            void navigate({ search: { filter: value === 'all' ? 'all' : undefined }, replace: true })
          }
        >
          <option value="unread">{t('notificationsPage.filterUnread')}</option>
          <option value="all">{t('notificationsPage.filterAll')}</option>
        </Select>
        <Button
          variant="secondary"
          disabled={unreadCount === 0}
          onClick={() => {
            setError(null);
            api
              .post<{ updated: number }>('/api/v1/notifications/read-all')
              .then((answer) => {
                toast(t('notificationsPage.allRead', { count: format.number(answer.updated) }));
                // The button is disabled with nothing unread left: keep the keyboard's place beside it.
                document.getElementById('notifications-filter')?.focus();
                return queryClient.invalidateQueries({ queryKey: ['notifications'] });
              })
              .catch((caught: unknown) => setError(errorMessage(caught, t)));
          }}
        >
          {t('notificationsPage.markAllRead')}
        </Button>
      </div>
      <p aria-live="polite" data-unread-count={unreadCount}>
        {t('notificationsPage.unreadCount', { count: format.number(unreadCount) })}
      </p>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <QueryView
        query={list}
        isEmpty={() => items.length === 0}
        empty={<p>{unreadOnly ? t('notificationsPage.noneUnread') : t('notificationsPage.none')}</p>}
      >
        {() => (
          <>
            <ul className="notification-list">
              {items.map((notification) => (
                <Item key={notification.id} notification={notification} leavesOnRead={unreadOnly} />
              ))}
            </ul>
            <LoadMore query={list} />
          </>
        )}
      </QueryView>
    </>
  );
}

export const Route = createLazyRoute('/notifications')({ component: NotificationsScreen });
