// The referral's recipient as the wizard's values choose it: the services found in the directory
// (other organisations only), the chosen one or an off-platform name, and what the client's active
// consents to that organisation cover.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useConsents, useDirectory } from '../../api/queries';
import { useSession } from '../../api/session';
import { useFormat } from '../../i18n/format';
import { OFF_PLATFORM, type Values } from './referral-values';

export function useRecipient(values: Values, clientId: string) {
  const format = useFormat();
  const directory = useDirectory(values.need || undefined, values.language || undefined);
  const consents = useConsents(clientId);
  const queryClient = useQueryClient();
  // The consent gap's link records a consent in another tab: read the consents again whenever the
  // user comes back to this one (the default refetch on focus skips data younger than its staleTime).
  useEffect(() => {
    const recheck = () => void queryClient.invalidateQueries({ queryKey: ['consents', clientId] });
    window.addEventListener('focus', recheck);
    return () => window.removeEventListener('focus', recheck);
  }, [queryClient, clientId]);
  const { session } = useSession();
  // Referrals go to other organisations.
  const services = (directory.data?.items ?? []).filter(
    (entry) => entry.organisation.id !== session.activeOrganisationId,
  );
  const service = services.find((entry) => entry.id === values.choice);
  const logged = values.choice === OFF_PLATFORM;
  const organisationId = service?.organisation.id ?? '';
  const organisationName = service ? format.localised(service.organisation.name) : values.loggedRecipientName;
  const activeConsents = (consents.data?.items ?? []).filter(
    (consent) => consent.status === 'active' && consent.recipientOrganisationIds.includes(organisationId),
  );
  const covered = new Set(activeConsents.flatMap((consent) => consent.categories));
  return {
    services,
    directoryPending: directory.isPending,
    service,
    logged,
    organisationId,
    organisationName,
    activeConsents,
    covered,
  };
}
