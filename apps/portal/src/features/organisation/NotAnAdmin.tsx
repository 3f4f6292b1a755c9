// A screen reached by a role it is not for: says so instead of calling the API.
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../ui/PageHeading';

export function NotAnAdmin() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('orgAdmin.notAvailable.title')}</PageHeading>
      <p>{t('orgAdmin.notAvailable.text')}</p>
    </>
  );
}
