// /organisation (org_admin): the organisation's profile and intake, and its data-sharing agreement.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { useFormat } from '../../i18n/format';
import { FormErrorSummary, errorMessage, fieldError, type FormError } from '../../ui/FormErrors';
import { LoadError, Loading } from '../../ui/Loading';
import { PageHeading } from '../../ui/PageHeading';
import { useAnnouncer } from '../../shell/Announcer';
import { acceptAgreement, getOrganisation, updateOrganisation } from './api';
import { CheckboxField, TextField, formErrors } from './fields';
import { NamesFieldset, draftOf, localisedFields, textOf } from './NamesFieldset';
import { OrganisationNav } from './OrganisationNav';
import { useAdministeredOrganisation } from './administered-organisation';
import { AGREEMENT_VERSION, type Organisation } from './types';
import { useSingleFlightMutation } from '../../api/single-flight';

/** The response promise as the API takes it: any whole number (a negative one too) as a number. */
function responseDaysOf(days: string): number | null {
  const trimmed = days.trim();
  return /^[-+]?\d+$/.test(trimmed) ? Number(trimmed) : null;
}

function ProfileForm({
  organisation,
  focusHeading,
  onReload,
}: {
  organisation: Organisation;
  /** The version just loaded after a conflict: the form drawn anew with it gives its heading the keyboard. */
  focusHeading: RefObject<number | null>;
  /** Loads the newest version (the form is drawn anew with it). */
  onReload(): Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { toast } = useAnnouncer();
  const queryClient = useQueryClient();
  const [names, setNames] = useState(draftOf(organisation.name));
  const [email, setEmail] = useState(organisation.intake.email ?? '');
  const [days, setDays] = useState(String(organisation.intake.responseDays));
  const [accepting, setAccepting] = useState(organisation.intake.accepting);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [reloading, setReloading] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusHeading.current === organisation.version) {
      focusHeading.current = null;
      headingRef.current?.focus();
    }
  }, [focusHeading, organisation.version]);
  const daysLabel = t('orgAdmin.profile.responseDays');
  const save = useSingleFlightMutation({
    mutationFn: () =>
      updateOrganisation(organisation, {
        name: textOf(names),
        intake: {
          email: email.trim() || null,
          responseDays: responseDaysOf(days),
          accepting,
        },
      }),
    onSuccess: (saved) => {
      setErrors([]);
      queryClient.setQueryData(['organisation', saved.id], saved);
      toast(t('orgAdmin.profile.saved'));
    },
    onError: (error) =>
      setErrors(
        formErrors(error, t, {
          ...localisedFields('name', 'org-name', t('orgAdmin.profile.names')),
          'intake.email': { id: 'intake-email', label: t('orgAdmin.profile.intakeEmail') },
          'intake.responseDays': { id: 'intake-days', label: daysLabel },
          'intake.accepting': { id: 'intake-accepting', label: t('orgAdmin.profile.accepting') },
        }),
      ),
  });
  // Someone else saved first (412): the form can load their version, which replaces this one.
  const conflict = save.error instanceof ApiError && save.error.status === 412;
  return (
    <section className="panel" aria-labelledby="profile-heading">
      <h2 id="profile-heading" ref={headingRef} tabIndex={-1}>
        {t('orgAdmin.profile.title')}
      </h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (days.trim() !== '' && responseDaysOf(days) === null) {
            // Not a number at all: the one reason that matters, without asking the API.
            setErrors([
              {
                inputId: 'intake-days',
                text: t('errors.field', { field: daysLabel, reason: t('errors.reason.integer') }),
              },
            ]);
            return;
          }
          save.mutate();
        }}
      >
        <FormErrorSummary errors={errors} />
        {conflict && (
          <p>
            <Button
              variant="secondary"
              disabled={reloading}
              onClick={() => {
                setReloading(true);
                void onReload().finally(() => setReloading(false));
              }}
            >
              {t('orgAdmin.profile.loadNewest')}
            </Button>
          </p>
        )}
        <NamesFieldset
          prefix="org-name"
          legend={t('orgAdmin.profile.names')}
          value={names}
          errors={errors}
          onChange={setNames}
        />
        <h3>{t('orgAdmin.profile.intake')}</h3>
        <TextField
          id="intake-email"
          type="email"
          autoComplete="email"
          label={t('orgAdmin.profile.intakeEmail')}
          hint={t('orgAdmin.profile.intakeEmailHint')}
          value={email}
          error={fieldError(errors, 'intake-email')}
          onChange={setEmail}
        />
        <TextField
          id="intake-days"
          inputMode="numeric"
          label={t('orgAdmin.profile.responseDays')}
          hint={t('orgAdmin.profile.responseDaysHint')}
          value={days}
          error={fieldError(errors, 'intake-days')}
          onChange={setDays}
        />
        <CheckboxField
          id="intake-accepting"
          label={t('orgAdmin.profile.accepting')}
          checked={accepting}
          onChange={setAccepting}
        />
        <div className="form-actions">
          <Button type="submit" disabled={save.isPending}>
            {t('orgAdmin.profile.save')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function Agreement({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const { reload } = useSession();
  const [version, setVersion] = useState(AGREEMENT_VERSION);
  const accept = useSingleFlightMutation({
    mutationFn: () => acceptAgreement(organisation.id, version),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['organisation', saved.id], saved);
      toast(t('orgAdmin.agreement.accepted'));
      await reload();
    },
    onError: (error) => {
      // A newer agreement than the portal knows: offer the one the API names.
      const details = error instanceof ApiError ? (error.details as { currentVersion?: unknown }) : null;
      if (typeof details?.currentVersion === 'string') {
        setVersion(details.currentVersion);
      }
    },
  });
  const { agreement } = organisation;
  return (
    <section className="panel" aria-labelledby="agreement-heading">
      <h2 id="agreement-heading">{t('orgAdmin.agreement.title')}</h2>
      {agreement ? (
        <p data-agreement-version={agreement.version}>
          {t('orgAdmin.agreement.acceptedOn', {
            version: agreement.version,
            date: format.dateTime(agreement.acceptedAt),
          })}
        </p>
      ) : (
        <>
          <p>{t('orgAdmin.agreement.pending')}</p>
          <p>{t('orgAdmin.agreement.explain', { version })}</p>
          {accept.isError && (
            <p className="field__error" role="alert">
              {errorMessage(accept.error, t)}
            </p>
          )}
          <Button
            disabled={accept.isPending || organisation.status === 'deactivated'}
            onClick={() => accept.mutate()}
          >
            {t('orgAdmin.agreement.accept', { version })}
          </Button>
        </>
      )}
    </section>
  );
}

function ProfileScreen() {
  const { t } = useTranslation();
  const organisationId = useAdministeredOrganisation();
  const query = useQuery({
    queryKey: ['organisation', organisationId],
    queryFn: () => getOrganisation(organisationId),
  });
  // Reloading after a conflict draws the form anew (a new key), with the newest values.
  const [reloads, setReloads] = useState(0);
  const focusProfile = useRef<number | null>(null);
  const reload = async () => {
    const result = await query.refetch();
    if (result.isSuccess) {
      focusProfile.current = result.data.version;
      setReloads((count) => count + 1);
    }
  };
  return (
    <>
      <PageHeading>{t('orgAdmin.title')}</PageHeading>
      <OrganisationNav />
      {query.isPending && <Loading />}
      {query.isError && <LoadError error={query.error} />}
      {query.data && (
        <>
          <p>
            {t('orgAdmin.profile.status')}: <strong>{t(`adminOrgs.status.${query.data.status}`)}</strong>
          </p>
          <Agreement organisation={query.data} />
          <ProfileForm
            key={`${query.data.version}-${reloads}`}
            organisation={query.data}
            focusHeading={focusProfile}
            onReload={reload}
          />
        </>
      )}
    </>
  );
}

export const Route = createLazyRoute('/organisation')({ component: ProfileScreen });
