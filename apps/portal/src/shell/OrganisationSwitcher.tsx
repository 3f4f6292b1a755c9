// Shown when the user belongs to several organisations: the session then acts for the chosen one.
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { api } from '../api/client';
import { useSession } from '../api/session';
import { useFormat } from '../i18n/format';
import { Select } from '../ui/Select';
import { useAnnouncer } from './Announcer';

export function OrganisationSwitcher() {
  const { t } = useTranslation();
  const format = useFormat();
  const { session, reload } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { toast } = useAnnouncer();
  const [choice, setChoice] = useState(session.activeOrganisationId ?? '');
  const [busy, setBusy] = useState(false);
  if (session.organisations.length < 2) {
    return null;
  }
  const switchTo = async () => {
    setBusy(true);
    try {
      await api.put('/auth/session/organisation', { organisationId: choice });
      await reload();
      queryClient.clear();
      const chosen = session.organisations.find((org) => org.id === choice);
      toast(t('shell.organisationSwitched', { name: format.localised(chosen?.name) }));
      void navigate({ to: '/' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="org-switcher"
      onSubmit={(event) => {
        event.preventDefault();
        void switchTo();
      }}
    >
      <Select id="org-switcher" label={t('shell.organisation')} value={choice} onChange={setChoice}>
        {session.organisations.map((org) => (
          <option key={org.id} value={org.id}>
            {format.localised(org.name)} ({t(`role.${org.role}`)})
          </option>
        ))}
      </Select>
      <Button type="submit" variant="secondary" disabled={busy || choice === session.activeOrganisationId}>
        {t('shell.switchOrganisation')}
      </Button>
    </form>
  );
}
