// Invite by e-mail with a role: the invitation becomes a membership at that user's first login with
// the verified e-mail. Field errors come from the API's details; the values survive a refusal.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { FormErrorSummary, fieldError, type FormError } from '../../ui/FormErrors';
import { Select } from '../../ui/Select';
import { useAnnouncer } from '../../shell/Announcer';
import { inviteMember } from './api';
import { TextField, formErrors } from './fields';
import { MEMBER_ROLES, type Invitation, type MemberRole } from './types';
import { useSingleFlightMutation } from '../../api/single-flight';

export function InviteForm({
  organisationId,
  idPrefix = 'invite',
  roles = MEMBER_ROLES,
  onInvited,
}: {
  organisationId: string;
  idPrefix?: string;
  roles?: readonly MemberRole[];
  onInvited?(invitation: Invitation): void;
}) {
  const { t } = useTranslation();
  const { toast } = useAnnouncer();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberRole>(roles[0] ?? 'advisor');
  const [language, setLanguage] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const ids = { email: `${idPrefix}-email`, role: `${idPrefix}-role`, language: `${idPrefix}-language` };
  const invite = useSingleFlightMutation({
    mutationFn: () =>
      inviteMember(organisationId, { email: email.trim(), role, ...(language ? { language } : {}) }),
    onSuccess: (invitation) => {
      setErrors([]);
      setEmail('');
      toast(t('orgAdmin.invite.sent', { email: invitation.email }));
      onInvited?.(invitation);
    },
    onError: (error) =>
      setErrors(
        formErrors(error, t, {
          email: { id: ids.email, label: t('orgAdmin.invite.email') },
          role: { id: ids.role, label: t('orgAdmin.invite.role') },
          language: { id: ids.language, label: t('orgAdmin.invite.language') },
        }),
      ),
  });
  return (
    <form
      noValidate
      aria-labelledby={`${idPrefix}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        invite.mutate();
      }}
    >
      <h3 id={`${idPrefix}-heading`}>{t('orgAdmin.invite.title')}</h3>
      <FormErrorSummary errors={errors} />
      <TextField
        id={ids.email}
        type="email"
        autoComplete="off"
        label={t('orgAdmin.invite.email')}
        hint={t('orgAdmin.invite.emailHint')}
        value={email}
        error={fieldError(errors, ids.email)}
        onChange={setEmail}
      />
      {roles.length === 1 ? (
        // One role to give (the platform admin invites administrators only): said, not offered.
        <TextField
          id={ids.role}
          label={t('orgAdmin.invite.role')}
          value={t(`role.${role}`)}
          readOnly
          error={fieldError(errors, ids.role)}
          onChange={() => undefined}
        />
      ) : (
        <Select
          id={ids.role}
          label={t('orgAdmin.invite.role')}
          value={role}
          error={fieldError(errors, ids.role)}
          onChange={(value) => setRole(value as MemberRole)}
        >
          {roles.map((code) => (
            <option key={code} value={code}>
              {t(`role.${code}`)}
            </option>
          ))}
        </Select>
      )}
      <Select
        id={ids.language}
        label={t('orgAdmin.invite.language')}
        value={language}
        error={fieldError(errors, ids.language)}
        onChange={setLanguage}
      >
        <option value="">{t('orgAdmin.invite.languageDefault')}</option>
        {(['fi', 'sv', 'en'] as const).map((code) => (
          <option key={code} value={code}>
            {t(`orgAdmin.language.${code}`)}
          </option>
        ))}
      </Select>
      <div className="form-actions">
        <Button type="submit" disabled={invite.isPending}>
          {t('orgAdmin.invite.submit')}
        </Button>
      </div>
    </form>
  );
}
