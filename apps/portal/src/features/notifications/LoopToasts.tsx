// The other side's steps, live: when the partner receives, accepts, starts, holds, completes or
// fails a referral the advisor's organisation sent (or the sender cancels one the partner has), a
// toast in the polite live region says so ("Employment services accepted the referral"). The
// viewer's own steps are not repeated. Mounted once in the shell.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import type { Referral } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { useAnnouncer } from '../../shell/Announcer';
import { streamListeners } from '../../shell/live-updates';

interface StatusChange {
  referralId?: string;
  sendingOrganisationId?: string;
  receivingOrganisationId?: string;
  to?: string;
  actorUserId?: string | null;
}

export function LoopToasts() {
  const { t } = useTranslation();
  const format = useFormat();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const organisationId = session.activeOrganisationId;
  const userId = session.user.userId;
  useEffect(() => {
    const listener = (name: string, frame: { data?: unknown } | null) => {
      if (name !== 'referrals.referral.status_changed' || !frame?.data) {
        return;
      }
      const data = frame.data as StatusChange;
      if (!data.referralId || !data.to || data.actorUserId === userId || organisationId === null) {
        return;
      }
      const asSender = data.sendingOrganisationId === organisationId;
      const asReceiver = data.receivingOrganisationId === organisationId && data.to === 'cancelled';
      if (!asSender && !asReceiver) {
        return;
      }
      const key = `notificationsPage.toast.${data.to}`;
      if (!t(key, { defaultValue: '' })) {
        return;
      }
      // The sender's read has no side effect; the receiver reads only a cancelled one (no `received`).
      void queryClient
        .fetchQuery({
          queryKey: ['referral', data.referralId],
          queryFn: () => api.get<Referral>(`/api/v1/referrals/${encodeURIComponent(data.referralId ?? '')}`),
          staleTime: 60_000,
        })
        .then((referral) =>
          format.localised(
            asSender ? referral.receivingOrganisation.name : referral.sendingOrganisation.name,
          ),
        )
        .catch(() => t('notificationsPage.toast.theOtherSide'))
        .then((organisation) => toast(t(key, { organisation })));
    };
    streamListeners.add(listener);
    return () => {
      streamListeners.delete(listener);
    };
  }, [t, format, organisationId, userId, queryClient, toast]);
  return null;
}
