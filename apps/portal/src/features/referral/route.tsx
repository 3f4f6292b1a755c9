import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { ReferralView } from '../referral-receiver/ReferralView';

const routeApi = getRouteApi('/referrals/$referralId');

function Screen() {
  const { referralId } = routeApi.useParams();
  return <ReferralView referralId={referralId} />;
}

export const Route = createLazyRoute('/referrals/$referralId')({ component: Screen });
