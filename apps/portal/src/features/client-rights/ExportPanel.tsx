// Export everything held on the client (GDPR art. 15) as a JSON file to hand over.
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { request } from '../../api/client';
import { errorMessage } from '../../ui/FormErrors';
import { useAnnouncer } from '../../shell/Announcer';
import { useSingleFlightMutation } from '../../api/single-flight';

function download(fileName: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the object URL; it can go.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExportPanel({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { toast } = useAnnouncer();
  const exportData = useSingleFlightMutation({
    mutationFn: async () => (await request<unknown>(`/api/v1/clients/${clientId}/export`)).data,
    onSuccess: (data) => {
      download(`client-${clientId}.json`, data);
      toast(t('clientRights.export.done'));
    },
  });
  return (
    <section className="panel" aria-labelledby="export-heading" data-client-rights="export">
      <h2 id="export-heading">{t('clientRights.export.title')}</h2>
      <p>{t('clientRights.export.intro')}</p>
      {exportData.isError && (
        <p className="field__error" role="alert">
          {errorMessage(exportData.error, t)}
        </p>
      )}
      <Button variant="secondary" disabled={exportData.isPending} onClick={() => exportData.mutate()}>
        {t('clientRights.export.button')}
      </Button>
    </section>
  );
}
