import { useTranslation } from 'react-i18next';
import { AppLink } from '../../ui/AppLink';
import { PageHeading } from '../../ui/PageHeading';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.text')}</p>
      <AppLink to="/">{t('notFound.home')}</AppLink>
    </>
  );
}
