// Who of the receiving organisation works on the referral (PATCH /referrals/{id} { assigneeId },
// If-Match): nobody, oneself, or an active colleague who works on referrals (GET
// /organisations/{id}/colleagues, which its staff may read). A former colleague still assigned
// shows as such.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { api, isStale } from '../../api/client';
import { useSession } from '../../api/session';
import { useAnnouncer } from '../../shell/Announcer';
import { errorMessage } from '../../ui/FormErrors';
import { Select } from '../../ui/Select';
import { referralPath, useColleagues, type ReferralDetail } from './queries';
import { StaleNotice } from './ReceiverActions';

const ASSIGNABLE_ROLES: readonly string[] = ['partner_staff', 'advisor'];

export function Assignee({ referral }: { referral: ReferralDetail }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const me = session.user.userId;
  const current = referral.assigneeId ?? '';
  const [choice, setChoice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const colleagues = useColleagues(session.activeOrganisationId);
  // Only the roles that work on referrals: an organisation administrator is no party to them.
  const others = (colleagues.data ?? []).filter(
    (member) => member.userId !== me && ASSIGNABLE_ROLES.includes(member.role),
  );
  const selected = choice ?? current;
  const known = selected === '' || selected === me || others.some((member) => member.userId === selected);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.patch<ReferralDetail>(
        referralPath(referral.id),
        { assigneeId: selected === '' ? null : selected },
        { 'If-Match': `"${referral.version}"` },
      );
      queryClient.setQueryData(['referral', referral.id], updated);
      setChoice(null);
      toast(t('receiver.assigned'));
      void queryClient.invalidateQueries({ queryKey: ['referrals'] });
    } catch (caught) {
      if (isStale(caught)) {
        setStale(true);
      } else {
        setError(errorMessage(caught, t));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="receiver-assignee">
      <h2 id="receiver-assignee">{t('receiver.assignee')}</h2>
      {stale && (
        <StaleNotice
          referralId={referral.id}
          onReload={() => {
            setStale(false);
            setChoice(null);
          }}
        />
      )}
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Select
          id="receiver-assignee-select"
          label={t('receiver.assignTo')}
          value={selected}
          error={error ?? undefined}
          onChange={(value) => setChoice(value)}
        >
          <option value="">{t('receiver.nobody')}</option>
          <option value={me}>{t('receiver.me')}</option>
          {others.map((member) => (
            <option key={member.userId} value={member.userId}>
              {`${member.displayName ?? t('receiver.colleague')} (${t(`role.${member.role}`)})`}
            </option>
          ))}
          {!known && <option value={selected}>{t('receiver.colleague')}</option>}
        </Select>
        <Button type="submit" variant="secondary" disabled={busy || stale || selected === current}>
          {t('receiver.assign')}
        </Button>
      </form>
    </section>
  );
}
