// A new organisation: it starts waiting for its data-sharing agreement, which its administrator
// (invited next) accepts; that activates it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { FormErrorSummary, fieldError, type FormError } from '../../ui/FormErrors';
import { TextField, formErrors } from '../organisation/fields';
import { NamesFieldset, draftOf, localisedFields, textOf } from '../organisation/NamesFieldset';
import type { Organisation } from '../organisation/types';
import { createOrganisation } from './api';
import { ParticipationFields, flagsOf, type Participation } from './participation';
import { useSingleFlightMutation } from '../../api/single-flight';
import { useFocusWhenShown } from '../../ui/focus-when-shown';

export function CreateOrganisationForm({
  onCreated,
  onCancel,
}: {
  onCreated(org: Organisation): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [names, setNames] = useState(draftOf(null));
  const [businessId, setBusinessId] = useState('');
  const [kind, setKind] = useState('');
  const [participation, setParticipation] = useState<Participation[]>(['receive']);
  const [intakeEmail, setIntakeEmail] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  // The form opens above the list: its heading takes the keyboard.
  const headingRef = useFocusWhenShown<HTMLHeadingElement>(true);
  const create = useSingleFlightMutation({
    mutationFn: () =>
      createOrganisation({
        name: textOf(names),
        businessId: businessId.trim() || null,
        kind: kind.trim(),
        ...flagsOf(participation),
        ...(intakeEmail.trim() ? { intake: { email: intakeEmail.trim() } } : {}),
      }),
    onSuccess: (org) => {
      setErrors([]);
      onCreated(org);
    },
    onError: (error) =>
      setErrors(
        formErrors(error, t, {
          ...localisedFields('name', 'new-org-name', t('adminOrgs.create.names')),
          businessId: { id: 'new-org-business-id', label: t('adminOrgs.create.businessId') },
          kind: { id: 'new-org-kind', label: t('adminOrgs.create.kind') },
          'intake.email': { id: 'new-org-intake', label: t('orgAdmin.profile.intakeEmail') },
          canSend: { id: 'new-org-referrals', label: t('adminOrgs.participation.legend') },
          canReceive: { id: 'new-org-referrals', label: t('adminOrgs.participation.legend') },
        }),
      ),
  });
  return (
    <form
      noValidate
      className="panel"
      aria-labelledby="new-org-heading"
      onSubmit={(event) => {
        event.preventDefault();
        if (participation.length === 0) {
          setErrors([{ inputId: 'new-org-referrals', text: t('adminOrgs.participation.neither') }]);
          return;
        }
        create.mutate();
      }}
    >
      <h2 id="new-org-heading" ref={headingRef} tabIndex={-1}>
        {t('adminOrgs.create.title')}
      </h2>
      <FormErrorSummary errors={errors} />
      <NamesFieldset
        prefix="new-org-name"
        legend={t('adminOrgs.create.names')}
        value={names}
        errors={errors}
        onChange={setNames}
      />
      <TextField
        id="new-org-business-id"
        label={`${t('adminOrgs.create.businessId')} ${t('common.optional')}`}
        hint={t('adminOrgs.create.businessIdHint')}
        value={businessId}
        error={fieldError(errors, 'new-org-business-id')}
        onChange={setBusinessId}
      />
      <TextField
        id="new-org-kind"
        label={t('adminOrgs.create.kind')}
        hint={t('adminOrgs.create.kindHint')}
        value={kind}
        error={fieldError(errors, 'new-org-kind')}
        onChange={setKind}
      />
      <TextField
        id="new-org-intake"
        type="email"
        label={`${t('orgAdmin.profile.intakeEmail')} ${t('common.optional')}`}
        value={intakeEmail}
        error={fieldError(errors, 'new-org-intake')}
        onChange={setIntakeEmail}
      />
      <ParticipationFields
        id="new-org-referrals"
        selected={participation}
        error={fieldError(errors, 'new-org-referrals')}
        onChange={setParticipation}
      />
      <div className="form-actions">
        <Button type="submit" disabled={create.isPending}>
          {t('adminOrgs.create.submit')}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
