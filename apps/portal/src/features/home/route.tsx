import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../ui/PageHeading';

function Screen() {
  const { t } = useTranslation();
  return <PageHeading>{t('nav.home')}</PageHeading>;
}

export const Route = createLazyRoute('/')({ component: Screen });
