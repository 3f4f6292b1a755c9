// A service of the organisation in the directory: names and descriptions in three languages,
// needs, languages, eligibility, and whether it accepts referrals or keeps a waiting list.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { CLIENT_LANGUAGES, NEED_CATEGORIES, type NeedCategory } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { FormErrorSummary, fieldError, type FormError } from '../../ui/FormErrors';
import { Select } from '../../ui/Select';
import { createService, updateService } from './api';
import { CheckboxField, CheckboxGroup, formErrors } from './fields';
import { NamesFieldset, draftOf, localisedFields, textOf } from './NamesFieldset';
import { SERVICE_REFERRAL_STATUSES, type Service, type ServiceReferralStatus } from './types';
import { useSingleFlightMutation } from '../../api/single-flight';
import { useFocusWhenShown } from '../../ui/focus-when-shown';

/** The directory takes ISO 639-1 codes (two letters). */
const SERVICE_LANGUAGES = CLIENT_LANGUAGES.filter((code) => code.length === 2);

export function ServiceForm({
  organisationId,
  service,
  onSaved,
  onCancel,
}: {
  organisationId: string;
  service: Service | null;
  onSaved(service: Service): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [name, setName] = useState(draftOf(service?.name));
  const [description, setDescription] = useState(draftOf(service?.description));
  const [eligibility, setEligibility] = useState(draftOf(service?.eligibility));
  const [needs, setNeeds] = useState<NeedCategory[]>(service?.needs ?? []);
  const [languages, setLanguages] = useState<string[]>(service?.languages ?? ['fi']);
  const [interpretation, setInterpretation] = useState(service?.interpretationAvailable ?? false);
  const [referralStatus, setReferralStatus] = useState<ServiceReferralStatus>(
    service?.referralStatus ?? 'accepting',
  );
  const [errors, setErrors] = useState<FormError[]>([]);
  // The form opens where the keyboard was not (at the top of the page): its heading takes the focus.
  const headingRef = useFocusWhenShown<HTMLHeadingElement>(true);
  const save = useSingleFlightMutation({
    mutationFn: () => {
      const body = {
        name: textOf(name),
        description: textOf(description),
        eligibility:
          eligibility.fi.trim() || eligibility.sv.trim() || eligibility.en.trim()
            ? textOf(eligibility)
            : null,
        needs,
        languages,
        interpretationAvailable: interpretation,
        referralStatus,
      };
      return service ? updateService(service.id, body) : createService(organisationId, body);
    },
    onSuccess: (saved) => {
      setErrors([]);
      onSaved(saved);
    },
    onError: (error) =>
      setErrors(
        formErrors(error, t, {
          ...localisedFields('name', 'service-name', t('orgAdmin.services.name')),
          ...localisedFields('description', 'service-description', t('orgAdmin.services.description')),
          ...localisedFields('eligibility', 'service-eligibility', t('orgAdmin.services.eligibility')),
          needs: { id: 'service-needs', label: t('orgAdmin.services.needs') },
          languages: { id: 'service-languages', label: t('orgAdmin.services.languages') },
          interpretationAvailable: {
            id: 'service-interpretation',
            label: t('orgAdmin.services.interpretation'),
          },
          referralStatus: { id: 'service-referral-status', label: t('orgAdmin.services.referralStatus') },
        }),
      ),
  });
  return (
    <form
      noValidate
      className="panel"
      aria-labelledby="service-form-heading"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="service-form-heading" ref={headingRef} tabIndex={-1}>
        {service
          ? t('orgAdmin.services.editTitle', { name: format.localised(service.name) })
          : t('orgAdmin.services.newTitle')}
      </h2>
      <FormErrorSummary errors={errors} />
      <NamesFieldset
        prefix="service-name"
        legend={t('orgAdmin.services.name')}
        value={name}
        errors={errors}
        onChange={setName}
      />
      <NamesFieldset
        prefix="service-description"
        legend={t('orgAdmin.services.description')}
        value={description}
        errors={errors}
        multiline
        onChange={setDescription}
      />
      <CheckboxGroup
        id="service-needs"
        legend={t('orgAdmin.services.needs')}
        options={NEED_CATEGORIES}
        selected={needs}
        labelOf={(code) => t(`need.${code}`)}
        error={fieldError(errors, 'service-needs')}
        onChange={setNeeds}
      />
      <CheckboxGroup
        id="service-languages"
        legend={t('orgAdmin.services.languages')}
        options={SERVICE_LANGUAGES}
        selected={languages}
        labelOf={(code) => format.languageName(code)}
        error={fieldError(errors, 'service-languages')}
        onChange={setLanguages}
      />
      <NamesFieldset
        prefix="service-eligibility"
        legend={`${t('orgAdmin.services.eligibility')} ${t('common.optional')}`}
        value={eligibility}
        errors={errors}
        multiline
        optional
        onChange={setEligibility}
      />
      <CheckboxField
        id="service-interpretation"
        label={t('orgAdmin.services.interpretation')}
        checked={interpretation}
        onChange={setInterpretation}
      />
      <Select
        id="service-referral-status"
        label={t('orgAdmin.services.referralStatus')}
        value={referralStatus}
        error={fieldError(errors, 'service-referral-status')}
        onChange={(value) => setReferralStatus(value as ServiceReferralStatus)}
      >
        {SERVICE_REFERRAL_STATUSES.map((code) => (
          <option key={code} value={code}>
            {t(`orgAdmin.services.referral.${code}`)}
          </option>
        ))}
      </Select>
      <div className="form-actions">
        <Button type="submit" disabled={save.isPending}>
          {service ? t('orgAdmin.services.save') : t('orgAdmin.services.create')}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
