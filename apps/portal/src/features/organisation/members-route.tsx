// /organisation/members (org_admin): members and invitations of the organisation.
import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import { PageHeading } from '../../ui/PageHeading';
import { MembersPanel } from './MembersPanel';
import { useAdministeredOrganisation } from './administered-organisation';
import { OrganisationNav } from './OrganisationNav';

function MembersScreen() {
  const { t } = useTranslation();
  const { session } = useSession();
  const organisationId = useAdministeredOrganisation();
  return (
    <>
      <PageHeading>{t('orgAdmin.members.heading')}</PageHeading>
      <OrganisationNav />
      <MembersPanel organisationId={organisationId} selfUserId={session.user.userId} />
    </>
  );
}

export const Route = createLazyRoute('/organisation/members')({ component: MembersScreen });
