// The other side's steps, live: when the partner receives, accepts, starts, holds, completes or
// fails a referral the advisor's organisation sent (or the sender cancels one the partner has), a
// toast in the polite live region says so ("Employment services accepted the referral"). The
// viewer's own steps are not repeated. Mounted once in the shell.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import type { ReferralSummary } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { useAnnouncer } from '../../shell/Announcer';
import { streamListeners } from '../../shell/live-updates';

interface StatusChange {
  referralId?: string;
  sendingOrganisationId?: string;
  receivingOrganisationId?: string;
  to?: string;
  reasonCode?: string | null;
  actorUserId?: string | null;
}

/** The reasons only the system cancels with (libs/contracts referrals/subjects.ts). */
const SYSTEM_CANCEL_REASONS = ['consent_withdrawn', 'expired'] as const;

const isSystemCancelReason = (
  reason: string | null | undefined,
): reason is (typeof SYSTEM_CANCEL_REASONS)[number] =>
  (SYSTEM_CANCEL_REASONS as readonly (string | null | undefined)[]).includes(reason);

type Parties = Pick<ReferralSummary, 'id' | 'sendingOrganisation' | 'receivingOrganisation'>;

/** The referral as a cached detail or a row of a cached list, if any. */
function cachedReferral(queryClient: QueryClient, id: string): Parties | null {
  const detail = queryClient.getQueryData<Parties>(['referral', id]);
  if (detail?.receivingOrganisation) {
    return detail;
  }
  for (const [, data] of queryClient.getQueriesData<unknown>({ queryKey: ['referrals'] })) {
    const pages = (data as { pages?: { items?: Parties[] }[] } | undefined)?.pages ?? [
      data as { items?: Parties[] },
    ];
    for (const page of pages) {
      const row = page?.items?.find((item) => item.id === id);
      if (row) {
        return row;
      }
    }
  }
  return null;
}

/**
 * Which side of the change the viewer is on, when it is the other side's step worth a toast: the
 * sender hears of every step, the receiver of a cancellation; nobody of their own steps.
 */
function sideOf(
  data: StatusChange,
  organisationId: string | null,
  userId: string,
): 'sender' | 'receiver' | null {
  if (!data.to || data.actorUserId === userId || organisationId === null) {
    return null;
  }
  if (data.sendingOrganisationId === organisationId) {
    return 'sender';
  }
  return data.receivingOrganisationId === organisationId && data.to === 'cancelled' ? 'receiver' : null;
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
      const side = sideOf(data, organisationId, userId);
      if (side === null || !data.referralId) {
        return;
      }
      const asSender = side === 'sender';
      // The system's own cancellations (the consent ended, no answer in time) name no organisation.
      if (data.to === 'cancelled' && isSystemCancelReason(data.reasonCode)) {
        toast(t(`notificationsPage.toast.systemCancelled.${data.reasonCode}`));
        return;
      }
      const key = `notificationsPage.toast.${data.to}`;
      if (!t(key, { defaultValue: '' })) {
        return;
      }
      // The name from what the page already holds: reading the referral for a toast would be a
      // read of client data (audited) that the user did not ask for.
      const known = cachedReferral(queryClient, data.referralId);
      const organisation = known
        ? format.localised(asSender ? known.receivingOrganisation.name : known.sendingOrganisation.name)
        : t(asSender ? 'notificationsPage.toast.theReceiver' : 'notificationsPage.toast.theSender');
      toast(t(key, { organisation }));
    };
    streamListeners.add(listener);
    return () => {
      streamListeners.delete(listener);
    };
  }, [t, format, organisationId, userId, queryClient, toast]);
  return null;
}
