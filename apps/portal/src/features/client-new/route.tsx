import { createLazyRoute, useNavigate } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useAnnouncer } from '../../shell/Announcer';
import { PageHeading } from '../../ui/PageHeading';
import { ClientForm, type ClientPayload } from './ClientForm';

function NewClient() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  return (
    <>
      <PageHeading>{t('clientForm.title')}</PageHeading>
      <ClientForm
        onSubmit={(payload: ClientPayload) => api.post<{ id: string }>('/api/v1/clients', payload)}
        onCreated={(id) => {
          void queryClient.invalidateQueries({ queryKey: ['clients'] });
          toast(t('clientForm.created'));
          void navigate({ to: '/clients/$clientId', params: { clientId: id } });
        }}
      />
    </>
  );
}

export const Route = createLazyRoute('/clients/new')({ component: NewClient });
