// The client's rights on the client page (/clients/:id): the disclosure log, export and erasure.
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
  return (
    <div className="client-rights">
      <DisclosureLog clientId={clientId} />
      <ExportPanel clientId={clientId} />
      <ErasurePanel clientId={clientId} erased={erased} erasedAt={erasedAt} />
    </div>
  );
}
