// The receiving organisation's actions on a referral, by the state machine. Each sends If-Match with
// the version the page shows; a 412 means someone else changed it first: the page says so and its
// reload button reads the referral afresh (nothing of the stale one stays on screen or in a form).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { api, isStale } from '../../api/client';
import { useAnnouncer } from '../../shell/Announcer';
import { errorMessage } from '../../ui/FormErrors';
import { referralPath, type ReferralDetail } from './queries';
import { TransitionDialog, type TransitionInput } from './TransitionDialog';
import { receiverActions, type ReceiverAction } from './transitions';

/** "Someone else changed this referral": with a reload that drops the cached copy. */
export function StaleNotice({ referralId, onReload }: { referralId: string; onReload(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <div className="alert-box alert-box--warning" role="alert" data-stale="true">
      <p>{t('receiver.stale')}</p>
      <Button
        variant="secondary"
        onClick={() => {
          onReload();
          // reset, not invalidate: the old version is dropped and the page loads the current one.
          void queryClient.resetQueries({ queryKey: ['referral', referralId] });
          void queryClient.invalidateQueries({ queryKey: ['referrals'] });
        }}
      >
        {t('receiver.reload')}
      </Button>
    </div>
  );
}

export function ReceiverActions({ referral }: { referral: ReferralDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const [open, setOpen] = useState<ReceiverAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const actions = receiverActions(referral);
  // Where keyboard focus goes once the dialog is gone (a selector): the button that opened it on
  // cancel, the next step's first button (or the page heading) after a step, the reload on a 412.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    const target = focusNext.current;
    if (target === null) {
      return;
    }
    focusNext.current = null;
    const element =
      document.querySelector<HTMLElement>(target) ??
      document.querySelector<HTMLElement>('main [data-page-heading]');
    element?.focus();
  });

  const run = async (action: ReceiverAction, input: TransitionInput) => {
    setBusy(true);
    setError(null);
    setDialogError(null);
    try {
      const updated = await api.post<ReferralDetail>(
        `${referralPath(referral.id)}/transitions`,
        { to: action.to, ...input },
        { 'If-Match': `"${referral.version}"` },
      );
      setOpen(null);
      focusNext.current = 'section[aria-labelledby="receiver-actions"] [data-action]';
      queryClient.setQueryData(['referral', referral.id], updated);
      toast(t('receiver.done', { status: t(`status.${updated.status}`) }));
      void queryClient.invalidateQueries({ queryKey: ['referral', referral.id] });
      void queryClient.invalidateQueries({ queryKey: ['referrals'] });
    } catch (caught) {
      if (isStale(caught)) {
        setOpen(null);
        focusNext.current = '[data-stale="true"] button';
        setStale(true);
      } else if (action.reasons || action.outcomes) {
        setDialogError(caught);
      } else {
        setError(errorMessage(caught, t));
      }
    } finally {
      setBusy(false);
    }
  };

  if (actions.length === 0 && !stale) {
    return null;
  }
  return (
    <section className="panel" aria-labelledby="receiver-actions">
      <h2 id="receiver-actions">{t('receiver.actionsTitle')}</h2>
      {stale && <StaleNotice referralId={referral.id} onReload={() => setStale(false)} />}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {!stale && (
        <div className="form-actions">
          {actions.map((action) => (
            <Button
              key={action.name}
              variant={action.primary ? 'default' : 'secondary'}
              disabled={busy}
              data-action={action.name}
              onClick={() => {
                setError(null);
                setDialogError(null);
                if (action.reasons || action.outcomes) {
                  setOpen(action);
                } else {
                  void run(action, {});
                }
              }}
            >
              {t(`receiver.action.${action.name}`)}
            </Button>
          ))}
        </div>
      )}
      {open && (
        <TransitionDialog
          action={open}
          busy={busy}
          error={dialogError}
          onClose={() => {
            focusNext.current = `[data-action="${open.name}"]`;
            setOpen(null);
            setDialogError(null);
          }}
          onConfirm={(input) => void run(open, input)}
        />
      )}
    </section>
  );
}
