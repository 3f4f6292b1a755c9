// Screens still to be built (partner inbox, organisation and platform administration): the route
// and its heading exist so that navigation and the contract's routes hold.
import { createLazyRoute, useMatches } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../ui/PageHeading';

function Placeholder() {
  const { t } = useTranslation();
  const matches = useMatches();
  const titleKey = matches[matches.length - 1]?.staticData.titleKey ?? 'nav.home';
  return (
    <>
      <PageHeading>{t(titleKey)}</PageHeading>
      <p>{t('placeholder.comingSoon')}</p>
    </>
  );
}

export const Route = createLazyRoute('/inbox')({ component: Placeholder });
