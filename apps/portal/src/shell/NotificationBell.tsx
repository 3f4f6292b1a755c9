// The bell: a link to the notifications with the unread count, which the live stream keeps fresh.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useFormat } from '../i18n/format';
import { AppLink } from '../ui/AppLink';

export function NotificationBell() {
  const { t } = useTranslation();
  const format = useFormat();
  const unread = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => api.get<{ unread: number }>('/api/v1/notifications/unread-count'),
  });
  const count = unread.data?.unread ?? 0;
  return (
    <AppLink to="/notifications" className="bell" data-unread-count={count}>
      <svg
        aria-hidden="true"
        focusable="false"
        width="20"
        height="20"
        viewBox="0 0 24 24"
        className="bell__icon"
      >
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      <span className="bell__text">{t('shell.notificationsCount', { count: format.number(count) })}</span>
    </AppLink>
  );
}
