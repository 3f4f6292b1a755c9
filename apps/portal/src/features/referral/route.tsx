// One referral (the link every e-mail carries): status, due date and overdue, what was shared,
// the actions the viewer's side may take (If-Match with the version: a 412 says someone else
// changed it), the timeline from the history and the message thread.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Textarea } from 'suomifi-ui-components';
import { api, isMissingRecord, isStale, isUuid } from '../../api/client';
import { useReferral } from '../../api/queries';
import { useSession } from '../../api/session';
import { MESSAGE_MAX_LENGTH, type Page, type Referral, type ReferralMessage } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { useAnnouncer } from '../../shell/Announcer';
import { errorMessage } from '../../ui/FormErrors';
import { LoadError, Loading } from '../../ui/Loading';
import { QueryView } from '../../ui/QueryView';
import { PageHeading } from '../../ui/PageHeading';
import { StatusBadge } from '../../ui/StatusBadge';
import { OverdueBadge } from '../outbox/ReferralTable';
import { ActionDialog, type ActionInput } from './ActionDialog';
import { actionsFor, type ReferralAction } from './actions';
import { ClientRow, ServiceRow } from './SummaryRows';
import { ReceiverPanels } from '../referral-receiver/ReceiverPanels';
import { NotFound } from '../not-found/NotFound';

const routeApi = getRouteApi('/referrals/$referralId');

/** Which side of the referral the active organisation is on, if either. */
function partyOf(referral: Referral, organisationId: string | null): 'sender' | 'receiver' | null {
  if (referral.sendingOrganisation.id === organisationId) {
    return 'sender';
  }
  return referral.receivingOrganisation.id === organisationId ? 'receiver' : null;
}

function Actions({ referral }: { referral: Referral }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const [open, setOpen] = useState<ReferralAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const party = partyOf(referral, session.activeOrganisationId);
  // The receiving organisation's actions, shared data and assignee (features/referral-receiver).
  if (party === 'receiver') {
    return <ReceiverPanels referral={referral} />;
  }
  const actions = actionsFor(referral, party);
  const run = async (action: ReferralAction, input: ActionInput) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(
        `/api/v1/referrals/${encodeURIComponent(referral.id)}/transitions`,
        { to: action.to, ...input },
        { 'If-Match': `"${referral.version}"` },
      );
      setOpen(null);
      toast(t('actions.done', { status: t(`status.${action.to}`) }));
      await queryClient.invalidateQueries({ queryKey: ['referral', referral.id] });
      void queryClient.invalidateQueries({ queryKey: ['referrals'] });
    } catch (caught) {
      if (isStale(caught)) {
        setOpen(null);
        setStale(true);
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
    <section className="panel" aria-labelledby="referral-actions">
      <h2 id="referral-actions">{t('actions.title')}</h2>
      {stale && (
        <div className="alert-box alert-box--warning" role="alert" data-stale="">
          <p>{t('errorCodes.RESOURCE.PRECONDITION_FAILED')}</p>
          <Button
            variant="secondary"
            onClick={() => {
              setStale(false);
              void queryClient.invalidateQueries({ queryKey: ['referral', referral.id] });
            }}
          >
            {t('actions.reload')}
          </Button>
        </div>
      )}
      {error && !open && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        {actions.map((action) => (
          <Button
            key={action.label}
            variant={action.primary ? 'default' : 'secondary'}
            disabled={busy}
            data-action={action.to}
            onClick={() => {
              setError(null);
              if (action.reasons || action.outcomes) {
                setOpen(action);
              } else {
                void run(action, {});
              }
            }}
          >
            {t(action.label)}
          </Button>
        ))}
      </div>
      {open && (
        <ActionDialog
          action={open}
          busy={busy}
          error={error}
          onClose={() => setOpen(null)}
          onConfirm={(input) => void run(open, input)}
        />
      )}
    </section>
  );
}

/** Why no message can be written on the referral, as a translation key, or null while one can. */
function threadClosedText(referral: Pick<Referral, 'kind' | 'sentAt' | 'sharedDataRedacted'>): string | null {
  if (referral.sharedDataRedacted) {
    return 'messages.closed';
  }
  return referral.kind !== 'platform' || referral.sentAt === null ? 'messages.notYet' : null;
}

/**
 * The thread between the two organisations. It opens once a platform referral is sent and closes
 * when the client's consent ends (the API refuses new messages then): the page says so instead of
 * offering a form whose every message would be refused.
 */
function Messages({
  referral,
}: {
  referral: Pick<
    Referral,
    'id' | 'kind' | 'sentAt' | 'sharedDataRedacted' | 'sendingOrganisation' | 'receivingOrganisation'
  >;
}) {
  const referralId = referral.id;
  const closedText = threadClosedText(referral);
  // Which side wrote it, in the reader's language: the two organisations are the referral's.
  const authorOrganisation = (organisationId: string) =>
    [referral.sendingOrganisation, referral.receivingOrganisation]
      .filter((organisation) => organisation.id === organisationId)
      .map((organisation) => format.localised(organisation.name))[0] ?? '';
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A ref, not state: a second click arrives before a render could mark the button busy.
  const sending = useRef(false);
  const messages = useQuery({
    queryKey: ['referral', referralId, 'messages'],
    queryFn: () =>
      api.get<Page<ReferralMessage>>(`/api/v1/referrals/${encodeURIComponent(referralId)}/messages`, {
        limit: 100,
      }),
  });
  return (
    <section className="panel" aria-labelledby="referral-messages">
      <h2 id="referral-messages">{t('messages.title')}</h2>
      <QueryView
        query={messages}
        isEmpty={(data) => data.items.length === 0}
        empty={<p>{t('messages.none')}</p>}
      >
        {(data) => (
          <ol className="messages">
            {[...data.items]
              .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
              .map((message) => (
                <li key={message.id}>
                  <p className="meta">
                    {[
                      message.authorName ?? message.authorUsername ?? t('messages.unknownAuthor'),
                      authorOrganisation(message.authorOrganisationId),
                      format.dateTime(message.createdAt),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                  {message.body === null ? (
                    <p className="muted">{t('messages.removed')}</p>
                  ) : (
                    <p>{message.body}</p>
                  )}
                </li>
              ))}
          </ol>
        )}
      </QueryView>
      {closedText ? (
        <p data-thread-closed="">{t(closedText)}</p>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (sending.current) {
              return;
            }
            if (!body.trim()) {
              setError(t('messages.empty'));
              return;
            }
            sending.current = true;
            setBusy(true);
            setError(null);
            api
              .post(`/api/v1/referrals/${encodeURIComponent(referralId)}/messages`, { body: body.trim() })
              .then(() => {
                setBody('');
                toast(t('messages.sent'));
                return queryClient.invalidateQueries({ queryKey: ['referral', referralId, 'messages'] });
              })
              .catch((caught: unknown) => setError(errorMessage(caught, t)))
              .finally(() => {
                sending.current = false;
                setBusy(false);
              });
          }}
        >
          <Textarea
            id="message-body"
            labelText={t('messages.new')}
            fullWidth
            value={body}
            maxLength={MESSAGE_MAX_LENGTH}
            hintText={t('common.maxChars', { max: format.number(MESSAGE_MAX_LENGTH) })}
            onChange={(event) => setBody(event.target.value)}
            status={error ? 'error' : 'default'}
            statusText={error ?? undefined}
          />
          <div className="form-actions">
            {/* aria-disabled, not disabled, while sending: a disabled button would drop the focus
                on it to <body>; the ref above keeps a second click from posting twice. */}
            <Button type="submit" aria-disabled={busy}>
              {t('messages.send')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

/** What the referral is: status, parties, need, dates, what is shared, and how it ended. */
function ReferralSummary({ referral: r }: { referral: Referral }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="panel" aria-labelledby="referral-summary">
      <h2 id="referral-summary">{t('referral.summary')}</h2>
      <dl className="definition-list">
        <dt>{t('referral.status')}</dt>
        <dd>
          <StatusBadge status={r.status} /> {r.overdue && <OverdueBadge />}
        </dd>
        {r.reasonCode && (
          <>
            <dt>{t('referral.statusReason')}</dt>
            <dd>
              {t(`reason.${r.reasonCode}`)}
              {r.reasonText && ` · ${r.reasonText}`}
            </dd>
          </>
        )}
        <dt>{t('referral.from')}</dt>
        <dd>{format.localised(r.sendingOrganisation.name)}</dd>
        <dt>{t('referral.recipient')}</dt>
        <dd>
          {format.localised(r.receivingOrganisation.name)}
          {r.kind === 'logged' && ` (${t('referral.logged')})`}
        </dd>
        <ServiceRow referral={r} />
        <ClientRow referral={r} />
        <dt>{t('referral.need')}</dt>
        <dd>{t(`need.${r.need}`)}</dd>
        <dt>{t('referralForm.urgency')}</dt>
        <dd>{t(`urgency.${r.urgency}`)}</dd>
        <dt>{t('referral.sentAt')}</dt>
        <dd>{format.dateTime(r.sentAt) || '–'}</dd>
        <dt>{t('referral.dueAt')}</dt>
        <dd>
          {/* A closed referral waits for no answer. */}
          {(r.closedAt === null && format.deadline(r.dueAt)) || '–'}
          {r.overdue && ` (${t('referral.overdueText')})`}
        </dd>
        <dt>{t('referral.categories')}</dt>
        <dd>{r.categories.map((category) => t(`category.${category}`)).join(', ') || '–'}</dd>
        <dt>{t('fields.interpreterNeeded')}</dt>
        <dd>
          {r.interpreterNeeded ? t('common.yes') : t('common.no')}
          {r.language && ` · ${format.languageName(r.language)}`}
        </dd>
        <dt>{t('referralForm.reason')}</dt>
        <dd>{r.reason}</dd>
        {r.outcomeCode && (
          <>
            <dt>{t('actions.outcome')}</dt>
            <dd>{t(`outcome.${r.outcomeCode}`)}</dd>
          </>
        )}
      </dl>
      {r.sharedDataRedacted && <p className="notice">{t('referral.redacted')}</p>}
    </section>
  );
}

/** An address with no id in it names no referral: the page says so without asking the API. */
function ReferralPage() {
  const { referralId } = routeApi.useParams();
  return isUuid(referralId) ? <ReferralPageFor referralId={referralId} /> : <NotFound />;
}

/**
 * The page's h1, the same element while the referral loads and once it has loaded (focus put on it
 * after the navigation stays there). When it leaves the page with focus on it (the not-found page
 * takes its place), `focusLeft` says so, so that the new heading can take the focus.
 */
function Heading({ text, focusLeft }: { text: string; focusLeft: RefObject<boolean> }) {
  useLayoutEffect(
    () => () => {
      // A layout effect's cleanup runs before React removes the h1: it still has focus then.
      const focused = document.activeElement;
      focusLeft.current = focused instanceof HTMLElement && focused.hasAttribute('data-page-heading');
    },
    [focusLeft],
  );
  return <PageHeading title={text}>{text}</PageHeading>;
}

function ReferralPageFor({ referralId }: { referralId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const referral = useReferral(referralId);
  const focusLeft = useRef(false);
  const notFound = referral.isError && isMissingRecord(referral.error);
  useEffect(() => {
    if (notFound && focusLeft.current) {
      focusLeft.current = false;
      document.querySelector<HTMLElement>('[data-page-heading]')?.focus();
    }
  }, [notFound]);
  if (notFound) {
    return <NotFound />;
  }
  // A failed background refresh (a live update's) keeps the referral on screen.
  const r = referral.data;
  const heading = r
    ? t('referral.heading', {
        need: t(`need.${r.need}`),
        organisation: format.localised(r.receivingOrganisation.name),
      })
    : t('referral.title');
  return (
    <>
      <Heading text={heading} focusLeft={focusLeft} />
      {!r && (referral.isError ? <LoadError error={referral.error} /> : <Loading />)}
      {r && (
        <article data-referral-id={r.id}>
          <ReferralSummary referral={r} />
          <Actions referral={r} />
          <section className="panel" aria-labelledby="referral-timeline">
            <h2 id="referral-timeline">{t('referral.timeline')}</h2>
            <ol className="timeline">
              {r.history.map((entry, index) => (
                <li key={`${entry.at}-${index}`}>
                  <StatusBadge status={entry.to} />{' '}
                  <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>{' '}
                  <span className="muted">{t(`party.${entry.party}`)}</span>
                  {entry.reasonCode && <div>{t(`reason.${entry.reasonCode}`)}</div>}
                  {entry.outcomeCode && <div>{t(`outcome.${entry.outcomeCode}`)}</div>}
                  {entry.reasonText && <div>{entry.reasonText}</div>}
                </li>
              ))}
            </ol>
          </section>
          <Messages referral={r} />
        </article>
      )}
    </>
  );
}

export const Route = createLazyRoute('/referrals/$referralId')({ component: ReferralPage });
