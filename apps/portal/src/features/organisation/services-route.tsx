// /organisation/services (org_admin): the organisation's services in the directory.
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { useFormat } from '../../i18n/format';
import { LoadError, Loading } from '../../ui/Loading';
import { PageHeading } from '../../ui/PageHeading';
import { useAnnouncer } from '../../shell/Announcer';
import { deleteService, listServices } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { adminErrorMessage } from './fields';
import { useAdministeredOrganisation } from './administered-organisation';
import { OrganisationNav } from './OrganisationNav';
import { ServiceForm } from './ServiceForm';
import type { Service } from './types';
import { useSingleFlightMutation } from '../../api/single-flight';
import { LoadMore } from '../../ui/LoadMore';
import { TableScroll } from '../../ui/TableScroll';

const SERVICES_HEADING = 'services-heading';

function ServiceRow({ service, onEdit }: { service: Service; onEdit(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const [confirming, setConfirming] = useState(false);
  const deleted = useRef(false);
  const name = format.localised(service.name);
  const remove = useSingleFlightMutation({
    mutationFn: () => deleteService(service.id),
    onSuccess: () => {
      // The row goes away: the keyboard goes to the list's heading as the dialog closes.
      deleted.current = true;
      setConfirming(false);
      toast(t('orgAdmin.services.deleted', { name }));
      void queryClient.invalidateQueries({ queryKey: ['services', service.organisationId] });
    },
  });
  return (
    <tr data-service-id={service.id}>
      <td>{name}</td>
      <td>{service.needs.map((code) => t(`need.${code}`)).join(', ')}</td>
      <td>{service.languages.map((code) => format.languageName(code)).join(', ')}</td>
      <td>{t(`orgAdmin.services.referral.${service.referralStatus}`)}</td>
      <td>
        <div className="row-actions">
          <Button variant="secondary" aria-label={`${t('orgAdmin.services.edit')}: ${name}`} onClick={onEdit}>
            {t('orgAdmin.services.edit')}
          </Button>
          <Button
            variant="secondary"
            aria-label={`${t('orgAdmin.services.delete')}: ${name}`}
            onClick={() => setConfirming(true)}
          >
            {t('orgAdmin.services.delete')}
          </Button>
        </div>
        {confirming && (
          <ConfirmDialog
            title={t('orgAdmin.services.confirmTitle', { name })}
            confirmLabel={t('orgAdmin.services.confirmDelete')}
            cancelLabel={t('common.cancel')}
            busy={remove.isPending}
            error={remove.isError ? adminErrorMessage(remove.error, t) : null}
            onConfirm={() => remove.mutate()}
            onCancel={() => setConfirming(false)}
            returnFocus={() => (deleted.current ? document.getElementById(SERVICES_HEADING) : null)}
          >
            <p>{t('orgAdmin.services.confirmText')}</p>
          </ConfirmDialog>
        )}
      </td>
    </tr>
  );
}

function ServicesScreen() {
  const { t } = useTranslation();
  const { toast } = useAnnouncer();
  const queryClient = useQueryClient();
  const organisationId = useAdministeredOrganisation();
  const format = useFormat();
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  // Once the form closes (saved or cancelled), the keyboard goes back to the button that opened it:
  // "Add a service" (drawn anew) or the service's row's "Edit".
  const [returnTo, setReturnTo] = useState<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (editing !== null || returnTo === null) {
      return;
    }
    const opener =
      returnTo === 'new'
        ? addRef.current
        : document.querySelector<HTMLButtonElement>(`tr[data-service-id="${returnTo}"] .row-actions button`);
    (opener ?? addRef.current)?.focus();
    setReturnTo(null);
  }, [editing, returnTo]);
  const close = () => {
    setReturnTo(editing === null || editing === 'new' ? 'new' : editing.id);
    setEditing(null);
  };
  const query = useInfiniteQuery({
    queryKey: ['services', organisationId],
    queryFn: ({ pageParam }) => listServices(organisationId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const services = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeading>{t('orgAdmin.services.heading')}</PageHeading>
      <OrganisationNav />
      {editing !== null ? (
        <ServiceForm
          key={editing === 'new' ? 'new' : editing.id}
          organisationId={organisationId}
          service={editing === 'new' ? null : editing}
          onCancel={close}
          onSaved={(saved) => {
            close();
            toast(t('orgAdmin.services.saved', { name: format.localised(saved.name) }));
            void queryClient.invalidateQueries({ queryKey: ['services', organisationId] });
          }}
        />
      ) : (
        <p>
          <Button ref={addRef} onClick={() => setEditing('new')}>
            {t('orgAdmin.services.add')}
          </Button>
        </p>
      )}
      <section className="panel" aria-labelledby="services-heading">
        <h2 id={SERVICES_HEADING} tabIndex={-1}>
          {t('orgAdmin.services.title')}
        </h2>
        {query.isPending && <Loading />}
        {query.isError && <LoadError error={query.error} />}
        {query.data && (
          <>
            <p role="status">{t('orgAdmin.services.count', { count: services.length })}</p>
            {services.length > 0 && (
              <TableScroll label={t('orgAdmin.services.title')}>
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('orgAdmin.services.name')}</th>
                      <th scope="col">{t('orgAdmin.services.needs')}</th>
                      <th scope="col">{t('orgAdmin.services.languages')}</th>
                      <th scope="col">{t('orgAdmin.services.referralStatus')}</th>
                      <th scope="col">{t('orgAdmin.members.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {services.map((service) => (
                      <ServiceRow key={service.id} service={service} onEdit={() => setEditing(service)} />
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
            <LoadMore query={query} />
          </>
        )}
      </section>
    </>
  );
}

export const Route = createLazyRoute('/organisation/services')({ component: ServicesScreen });
