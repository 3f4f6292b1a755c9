// The user's preferences (GET/PUT /me/preferences): the language of the portal and of e-mails,
// e-mail on or off per kind of notification, and instant e-mails or a daily digest. On a refusal the
// error summary names the field and every choice stays as it was made.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { api } from '../../api/client';
import type { Preferences } from '../../api/types';
import { changeLanguage, i18next, LANGUAGES, type Language } from '../../i18n';
import { useAnnouncer } from '../../shell/Announcer';
import { FormErrorSummary, apiFormErrors, fieldError, type FormError } from '../../ui/FormErrors';
import { QueryView } from '../../ui/QueryView';
import { PageHeading } from '../../ui/PageHeading';
import { Select } from '../../ui/Select';
import '../inbox/partner.css';

/** Kinds of notification a user can have e-mailed (libs/contracts notifications/kinds.ts). */
export const EMAIL_KINDS = [
  'referral.sent',
  'referral.status_changed',
  'referral.assigned',
  'message.posted',
  'referral.overdue',
  'referral.redacted',
  'consent.withdrawn',
  'consent.expiring',
  'consent.expired',
] as const;
const DIGESTS = ['instant', 'daily'] as const;
const LANGUAGE_NAMES: Record<Language, string> = { fi: 'suomi', sv: 'svenska', en: 'English' };

const IDS = {
  language: 'settings-language',
  email: 'settings-email-referral.sent',
  digest: 'settings-digest-instant',
};

function PreferencesForm({ initial }: { initial: Preferences }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  // The field follows the interface's language (the header's menu and ?lang= switch and save it)
  // until the user picks one here: saving the e-mail choices must not switch the language back.
  const [chosenLanguage, setLanguage] = useState<Language | null>(null);
  const language = chosenLanguage ?? (i18n.language as Language);
  const [email, setEmail] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(EMAIL_KINDS.map((kind) => [kind, initial.email[kind] !== false])),
  );
  const [digest, setDigest] = useState(initial.digest === 'daily' ? 'daily' : 'instant');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setErrors([]);
        api
          .put<Preferences>('/api/v1/me/preferences', { language, email, digest })
          .then(async (saved) => {
            queryClient.setQueryData(['preferences'], saved);
            await changeLanguage(saved.language);
            setLanguage(null);
            // In the language just chosen: this render's `t` still speaks the one before.
            toast(i18next.t('settingsPage.saved', { lng: saved.language }));
          })
          .catch((caught: unknown) => setErrors(apiFormErrors(caught, t, IDS)))
          .finally(() => setBusy(false));
      }}
    >
      <FormErrorSummary errors={errors} />
      <Select
        id={IDS.language}
        label={t('settingsPage.language')}
        hint={t('settingsPage.languageHint')}
        value={language}
        error={fieldError(errors, IDS.language)}
        onChange={(value) => setLanguage(value as Language)}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </Select>
      <fieldset className="fieldset" aria-describedby="settings-email-hint">
        <legend>{t('settingsPage.email')}</legend>
        <p id="settings-email-hint" className="field__hint">
          {t('settingsPage.emailHint')}
        </p>
        {EMAIL_KINDS.map((kind) => (
          <div className="check" key={kind}>
            <input
              id={`settings-email-${kind}`}
              type="checkbox"
              checked={email[kind]}
              onChange={(event) => setEmail((current) => ({ ...current, [kind]: event.target.checked }))}
            />
            <label htmlFor={`settings-email-${kind}`}>{t(`settingsPage.kind.${kind}`)}</label>
          </div>
        ))}
        {fieldError(errors, IDS.email) && <p className="field__error">{fieldError(errors, IDS.email)}</p>}
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('settingsPage.digest')}</legend>
        {DIGESTS.map((mode) => (
          <div className="check" key={mode}>
            <input
              id={`settings-digest-${mode}`}
              type="radio"
              name="digest"
              value={mode}
              checked={digest === mode}
              onChange={() => setDigest(mode)}
            />
            <label htmlFor={`settings-digest-${mode}`}>{t(`settingsPage.digestMode.${mode}`)}</label>
          </div>
        ))}
        {fieldError(errors, IDS.digest) && <p className="field__error">{fieldError(errors, IDS.digest)}</p>}
      </fieldset>
      <div className="form-actions">
        <Button type="submit" disabled={busy}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const preferences = useQuery({
    queryKey: ['preferences'],
    queryFn: () => api.get<Preferences>('/api/v1/me/preferences'),
  });
  return (
    <>
      <PageHeading>{t('settingsPage.title')}</PageHeading>
      <QueryView query={preferences}>{(data) => <PreferencesForm initial={data} />}</QueryView>
    </>
  );
}

export const Route = createLazyRoute('/settings')({ component: SettingsScreen });
