// The client's rights on the client page (/clients/:id): the disclosure log, export and erasure.
import { useTranslation } from 'react-i18next';
import { DisclosureLog } from './DisclosureLog';
import { ErasurePanel } from './ErasurePanel';
import { ExportPanel } from './ExportPanel';

export function ClientRights({
  clientId,
  erased,
  erasedAt,
}: {
  clientId: string;
  erased: boolean;
  erasedAt?: string | null;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="client-rights-heading" className="client-rights">
      <h2 id="client-rights-heading">{t('clientRights.title')}</h2>
      <DisclosureLog clientId={clientId} />
      <ExportPanel clientId={clientId} />
      <ErasurePanel clientId={clientId} erased={erased} erasedAt={erasedAt} />
    </section>
  );
}
