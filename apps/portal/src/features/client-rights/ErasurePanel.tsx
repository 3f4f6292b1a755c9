// Erasure on the client's request: a confirmation that says what happens and that it cannot be
// undone, then the erased state.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { request } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { errorMessage } from '../../ui/FormErrors';
import { useAnnouncer } from '../../shell/Announcer';
import { ConfirmDialog } from '../organisation/ConfirmDialog';
import { useSingleFlightMutation } from '../../api/single-flight';
import '../organisation/admin.css';

interface ErasedClient {
  id: string;
  erased: boolean;
  erasedAt?: string | null;
}

export function ErasurePanel({
  clientId,
  erased,
  erasedAt,
  onErased,
}: {
  clientId: string;
  erased: boolean;
  erasedAt?: string | null;
  onErased?(client: ErasedClient): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { toast } = useAnnouncer();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ErasedClient | null>(null);
  const erase = useSingleFlightMutation({
    mutationFn: async () =>
      (await request<ErasedClient>(`/api/v1/clients/${clientId}/erase`, { method: 'POST', body: {} })).data,
    onSuccess: (client) => {
      setConfirming(false);
      setResult(client);
      toast(t('clientRights.erase.done'));
      void queryClient.invalidateQueries({ queryKey: ['client', clientId] });
      void queryClient.invalidateQueries({ queryKey: ['clients'] });
      void queryClient.invalidateQueries({ queryKey: ['referrals'] });
      onErased?.(client);
    },
  });
  const isErased = erased || result !== null;
  const when = result?.erasedAt ?? erasedAt ?? null;
  return (
    <section
      className="panel"
      aria-labelledby="erase-heading"
      data-client-rights="erase"
      data-erased={isErased}
    >
      <h2 id="erase-heading">{t('clientRights.erase.title')}</h2>
      {isErased ? (
        <p role="status">
          <strong>{t('clientRights.erase.erased')}</strong>
          {when && ` ${t('clientRights.erase.erasedAt', { time: format.dateTime(when) })}`}{' '}
          {t('clientRights.erase.erasedExplain')}
        </p>
      ) : (
        <>
          <p>{t('clientRights.erase.intro')}</p>
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            {t('clientRights.erase.button')}
          </Button>
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('clientRights.erase.confirmTitle')}
          confirmLabel={t('clientRights.erase.confirm')}
          cancelLabel={t('common.cancel')}
          busy={erase.isPending}
          error={erase.isError ? errorMessage(erase.error, t) : null}
          onConfirm={() => erase.mutate()}
          onCancel={() => setConfirming(false)}
        >
          <ul>
            <li>{t('clientRights.erase.whatPersonal')}</li>
            <li>{t('clientRights.erase.whatReferrals')}</li>
            <li>{t('clientRights.erase.whatKept')}</li>
          </ul>
          <p>
            <strong>{t('clientRights.erase.irreversible')}</strong>
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
