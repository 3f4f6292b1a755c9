// The receiving organisation's parts of the referral page (/referrals/:id): the shared data, the
// actions by the state machine and the assignee. The page shows them when the viewer's
// organisation is the receiving one.
import { useSession } from '../../api/session';
import { Assignee } from './Assignee';
import type { ReferralDetail } from './queries';
import { ReceiverActions } from './ReceiverActions';
import { SharedData } from './SharedData';

export function isReceiver(
  referral: Pick<ReferralDetail, 'receivingOrganisation' | 'kind'>,
  organisationId: string | null,
): boolean {
  return (
    referral.kind === 'platform' &&
    organisationId !== null &&
    referral.receivingOrganisation.id === organisationId
  );
}

export function useIsReceiver(referral: Pick<ReferralDetail, 'receivingOrganisation' | 'kind'>): boolean {
  return isReceiver(referral, useSession().session.activeOrganisationId);
}

export function ReceiverPanels({ referral }: { referral: ReferralDetail }) {
  if (!useIsReceiver(referral)) {
    return null;
  }
  return (
    <>
      <ReceiverActions referral={referral} />
      <SharedData referral={referral} />
      <Assignee referral={referral} />
    </>
  );
}
