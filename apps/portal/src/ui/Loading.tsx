import { useTranslation } from 'react-i18next';
import { errorMessage } from './FormErrors';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function LoadError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <p className="load-error" role="alert">
      {errorMessage(error, t)}
    </p>
  );
}
