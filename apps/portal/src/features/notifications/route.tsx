// In-app notifications: newest first, unread marked, each links where it happened; mark as read.
import type { TFunction } from 'i18next';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { api } from '../../api/client';
import type { Notification, NotificationPage } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { AppLink } from '../../ui/AppLink';
import { LoadError, Loading } from '../../ui/Loading';
import { PageHeading } from '../../ui/PageHeading';

function describe(notification: Notification, t: TFunction): string {
  const detail = notification.detail;
  const status = detail.to ? t(`status.${detail.to}`) : '';
  return t(`notifications.kind.${notification.kind.replace('.', '_')}`, {
    status,
    defaultValue: notification.kind,
  });
}

function Notifications() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: ['notifications', 'list'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<NotificationPage>('/api/v1/notifications', { cursor: pageParam, limit: 25 }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  return (
    <>
      <PageHeading>{t('nav.notifications')}</PageHeading>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} />
      ) : items.length === 0 ? (
        <p>{t('notifications.none')}</p>
      ) : (
        <>
          <div className="form-actions">
            <Button
              variant="secondary"
              onClick={() => void api.post('/api/v1/notifications/read-all').then(refresh)}
            >
              {t('notifications.readAll')}
            </Button>
          </div>
          <ul className="messages">
            {items.map((notification) => (
              <li key={notification.id} data-referral-id={notification.referralId ?? undefined}>
                <p className="meta">
                  {format.dateTime(notification.createdAt)}
                  {notification.readAt ? '' : ` · ${t('notifications.unread')}`}
                </p>
                <p>
                  <AppLink
                    to={notification.link}
                    onClick={() => {
                      if (!notification.readAt) {
                        void api.post(`/api/v1/notifications/${notification.id}/read`).then(refresh);
                      }
                    }}
                  >
                    {describe(notification, t)}
                  </AppLink>
                </p>
              </li>
            ))}
          </ul>
          {list.hasNextPage && (
            <Button variant="secondary" onClick={() => void list.fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          )}
        </>
      )}
    </>
  );
}

export const Route = createLazyRoute('/notifications')({ component: Notifications });
