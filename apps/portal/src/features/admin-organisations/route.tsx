// /admin/organisations (platform_admin): organisations with their state and agreement; create one,
// invite its administrator (who accepts the agreement, which activates it), change whether it sends
// or receives referrals, deactivate one and activate a deactivated one again.
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { useFormat } from '../../i18n/format';
import { LoadError, Loading } from '../../ui/Loading';
import { PageHeading } from '../../ui/PageHeading';
import { Select } from '../../ui/Select';
import { useAnnouncer } from '../../shell/Announcer';
import { ConfirmDialog } from '../organisation/ConfirmDialog';
import { adminErrorMessage } from '../organisation/fields';
import { MembersPanel } from '../organisation/MembersPanel';
import { ORGANISATION_STATUSES, type Organisation, type OrganisationStatus } from '../organisation/types';
import '../organisation/admin.css';
import { activateOrganisation, deactivateOrganisation, listOrganisations } from './api';
import { CreateOrganisationForm } from './CreateOrganisationForm';
import { ParticipationDialog } from './participation';
import { useSingleFlightMutation } from '../../api/single-flight';
import { LoadMore } from '../../ui/LoadMore';
import { TableScroll } from '../../ui/TableScroll';

function OrganisationRow({
  organisation,
  selected,
  statusFilter,
  onSelect,
}: {
  organisation: Organisation;
  selected: boolean;
  /** The list's state filter: a row whose new state it leaves out goes from the list. */
  statusFilter?: OrganisationStatus;
  onSelect(): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const [confirming, setConfirming] = useState<'deactivate' | 'activate' | 'participation' | null>(null);
  const name = format.localised(organisation.name);
  // Deactivating draws Activate in Deactivate's place (and the other way round) once the list is
  // refreshed: the keyboard follows to it then.
  const toggleRef = useRef<HTMLButtonElement>(null);
  const [refocusFrom, setRefocusFrom] = useState<OrganisationStatus | null>(null);
  useEffect(() => {
    if (refocusFrom !== null && organisation.status !== refocusFrom) {
      toggleRef.current?.focus();
      setRefocusFrom(null);
    }
  }, [organisation.status, refocusFrom]);
  // Where the keyboard goes when the dialog closes: the list's heading if the row is about to leave
  // the list (its new state filtered out), else back to the row (the opener, then the toggle above).
  const newStatus = useRef<OrganisationStatus | null>(null);
  const leavesList = () =>
    statusFilter !== undefined && newStatus.current !== null && newStatus.current !== statusFilter
      ? document.getElementById('orgs-heading')
      : null;
  const changed = (updated: Organisation, message: string) => {
    newStatus.current = updated.status;
    setRefocusFrom(organisation.status);
    setConfirming(null);
    toast(message);
    void queryClient.invalidateQueries({ queryKey: ['admin-organisations'] });
  };
  const deactivate = useSingleFlightMutation({
    mutationFn: () => deactivateOrganisation(organisation.id),
    onSuccess: (updated) => changed(updated, t('adminOrgs.deactivated', { name })),
  });
  const activate = useSingleFlightMutation({
    mutationFn: () => activateOrganisation(organisation.id),
    onSuccess: (updated) => changed(updated, t('adminOrgs.activated', { name })),
  });
  const deactivated = organisation.status === 'deactivated';
  return (
    <tr data-organisation-id={organisation.id}>
      <td>
        {name}
        {organisation.businessId && <div className="muted">{organisation.businessId}</div>}
      </td>
      <td>{organisation.kind}</td>
      <td>
        <span className="badge" data-organisation-status={organisation.status}>
          {t(`adminOrgs.status.${organisation.status}`)}
        </span>
      </td>
      <td>
        {organisation.agreement
          ? t('adminOrgs.agreementAccepted', {
              version: organisation.agreement.version,
              date: format.date(organisation.agreement.acceptedAt),
            })
          : t('adminOrgs.agreementPending')}
      </td>
      <td>
        <span data-organisation-participation>
          {[organisation.canSend && t('adminOrgs.sends'), organisation.canReceive && t('adminOrgs.receives')]
            .filter(Boolean)
            .join(', ') || t('common.none')}
        </span>{' '}
        <Button
          variant="secondaryNoBorder"
          aria-label={`${t('adminOrgs.participation.change')}: ${t('adminOrgs.participation.title', { name })}`}
          onClick={() => setConfirming('participation')}
        >
          {t('adminOrgs.participation.change')}
        </Button>
        {confirming === 'participation' && (
          <ParticipationDialog
            organisation={organisation}
            name={name}
            onSaved={() => {
              setConfirming(null);
              toast(t('adminOrgs.participation.saved', { name }));
              void queryClient.invalidateQueries({ queryKey: ['admin-organisations'] });
            }}
            onStale={() => void queryClient.invalidateQueries({ queryKey: ['admin-organisations'] })}
            onCancel={() => setConfirming(null)}
          />
        )}
      </td>
      <td>
        <div className="row-actions">
          <Button
            variant="secondary"
            aria-expanded={selected}
            aria-label={`${t('adminOrgs.members')}: ${name}`}
            onClick={onSelect}
          >
            {t('adminOrgs.members')}
          </Button>
          {deactivated ? (
            <Button
              ref={toggleRef}
              variant="secondary"
              aria-label={`${t('adminOrgs.activate')}: ${name}`}
              onClick={() => setConfirming('activate')}
            >
              {t('adminOrgs.activate')}
            </Button>
          ) : (
            <Button
              ref={toggleRef}
              variant="secondary"
              aria-label={`${t('adminOrgs.deactivate')}: ${name}`}
              onClick={() => setConfirming('deactivate')}
            >
              {t('adminOrgs.deactivate')}
            </Button>
          )}
        </div>
        {confirming === 'deactivate' && (
          <ConfirmDialog
            title={t('adminOrgs.confirmTitle', { name })}
            confirmLabel={t('adminOrgs.confirmDeactivate')}
            cancelLabel={t('common.cancel')}
            busy={deactivate.isPending}
            error={deactivate.isError ? adminErrorMessage(deactivate.error, t) : null}
            onConfirm={() => deactivate.mutate()}
            onCancel={() => setConfirming(null)}
            returnFocus={leavesList}
          >
            <p>{t('adminOrgs.confirmText')}</p>
          </ConfirmDialog>
        )}
        {confirming === 'activate' && (
          <ConfirmDialog
            title={t('adminOrgs.confirmActivateTitle', { name })}
            confirmLabel={t('adminOrgs.confirmActivate')}
            cancelLabel={t('common.cancel')}
            busy={activate.isPending}
            error={activate.isError ? adminErrorMessage(activate.error, t) : null}
            onConfirm={() => activate.mutate()}
            onCancel={() => setConfirming(null)}
            returnFocus={leavesList}
          >
            <p>{t('adminOrgs.confirmActivateText')}</p>
          </ConfirmDialog>
        )}
      </td>
    </tr>
  );
}

function OrganisationsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const { toast } = useAnnouncer();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<OrganisationStatus | ''>('');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState<{ status?: OrganisationStatus; q?: string }>({});
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<Organisation | null>(null);
  // Where the keyboard goes once the create form closes: the new organisation's members panel
  // (inviting its administrator is next), or back to the button that opened the form.
  const [afterCreate, setAfterCreate] = useState<'created' | 'cancelled' | null>(null);
  const createRef = useRef<HTMLButtonElement>(null);
  const selectedHeadingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (afterCreate === null) {
      return;
    }
    (afterCreate === 'created'
      ? (selectedHeadingRef.current ?? createRef.current)
      : createRef.current
    )?.focus();
    setAfterCreate(null);
  }, [afterCreate]);
  const query = useInfiniteQuery({
    queryKey: ['admin-organisations', search],
    queryFn: ({ pageParam }) => listOrganisations(search, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const organisations = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeading>{t('adminOrgs.title')}</PageHeading>
      {creating ? (
        <CreateOrganisationForm
          onCancel={() => {
            setCreating(false);
            setAfterCreate('cancelled');
          }}
          onCreated={(org) => {
            setCreating(false);
            setSelected(org);
            setAfterCreate('created');
            toast(t('adminOrgs.created', { name: format.localised(org.name) }));
            void queryClient.invalidateQueries({ queryKey: ['admin-organisations'] });
          }}
        />
      ) : (
        <p>
          <Button ref={createRef} onClick={() => setCreating(true)}>
            {t('adminOrgs.create.open')}
          </Button>
        </p>
      )}
      <form
        className="filters"
        role="search"
        aria-label={t('adminOrgs.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          setSearch({ ...(status ? { status } : {}), ...(q.trim() ? { q: q.trim() } : {}) });
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor="org-q">
            {t('adminOrgs.q')}
          </label>
          <input
            id="org-q"
            className="field__input"
            value={q}
            onChange={(event) => setQ(event.target.value)}
          />
        </div>
        <Select
          id="org-status"
          label={t('adminOrgs.statusFilter')}
          value={status}
          onChange={(value) => setStatus(value as OrganisationStatus | '')}
        >
          <option value="">{t('common.all')}</option>
          {ORGANISATION_STATUSES.map((code) => (
            <option key={code} value={code}>
              {t(`adminOrgs.status.${code}`)}
            </option>
          ))}
        </Select>
        <Button type="submit">{t('adminOrgs.search')}</Button>
      </form>
      <section className="panel" aria-labelledby="orgs-heading">
        <h2 id="orgs-heading" tabIndex={-1}>
          {t('adminOrgs.listTitle')}
        </h2>
        {query.isPending && <Loading />}
        {query.isError && <LoadError error={query.error} />}
        {query.data && (
          <>
            <p role="status">
              {organisations.length === 0
                ? t('adminOrgs.noneFound')
                : t('adminOrgs.count', { count: organisations.length })}
            </p>
            {organisations.length > 0 && (
              <TableScroll label={t('adminOrgs.listTitle')}>
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('adminOrgs.name')}</th>
                      <th scope="col">{t('adminOrgs.kind')}</th>
                      <th scope="col">{t('adminOrgs.state')}</th>
                      <th scope="col">{t('adminOrgs.agreement')}</th>
                      <th scope="col">{t('adminOrgs.referrals')}</th>
                      <th scope="col">{t('orgAdmin.members.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {organisations.map((organisation) => (
                      <OrganisationRow
                        key={organisation.id}
                        organisation={organisation}
                        selected={selected?.id === organisation.id}
                        statusFilter={search.status}
                        onSelect={() => setSelected(selected?.id === organisation.id ? null : organisation)}
                      />
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
            <LoadMore query={query} />
          </>
        )}
      </section>
      {selected && (
        <section aria-labelledby="selected-org-heading">
          <h2 id="selected-org-heading" ref={selectedHeadingRef} tabIndex={-1}>
            {t('adminOrgs.membersTitle', { name: format.localised(selected.name) })}
          </h2>
          {selected.status === 'pending_agreement' && <p>{t('adminOrgs.activationHint')}</p>}
          {/* The platform admin invites the organisation's administrator; its administrators the rest. */}
          <MembersPanel key={selected.id} organisationId={selected.id} inviteRoles={['org_admin']} />
        </section>
      )}
    </>
  );
}

export const Route = createLazyRoute('/admin/organisations')({ component: OrganisationsScreen });
