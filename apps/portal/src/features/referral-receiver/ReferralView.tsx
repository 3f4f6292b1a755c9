// One referral: the summary (status, due date and overdue as text), the receiver's panels when the
// viewer's organisation receives it, the timeline and the messages. The receiving organisation's
// first read marks it received (the API does, and answers with the new status).
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { LoadError, Loading } from '../../ui/Loading';
import { PageHeading } from '../../ui/PageHeading';
import { StatusBadge } from '../../ui/StatusBadge';
import { MessageThread } from './MessageThread';
import { useReferralDetail, type ReferralDetail } from './queries';
import { ReceiverPanels } from './ReceiverPanels';
import { Timeline } from './Timeline';
import '../inbox/partner.css';

/** Due date and overdue state, overdue in words (not only colour). */
export function DueDate({ referral }: { referral: Pick<ReferralDetail, 'dueAt' | 'overdue'> }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      {format.date(referral.dueAt) || '–'}
      {referral.overdue && (
        <>
          {' '}
          <span className="overdue-text" data-overdue="true">
            {t('receiver.overdue')}
          </span>
        </>
      )}
    </>
  );
}

function Summary({ referral }: { referral: ReferralDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="panel" aria-labelledby="referral-summary">
      <h2 id="referral-summary">{t('receiver.summary')}</h2>
      <dl className="definition-list">
        <dt>{t('receiver.status')}</dt>
        <dd data-referral-status={referral.status}>
          <StatusBadge status={referral.status} />
        </dd>
        <dt>{t('receiver.from')}</dt>
        <dd>
          {format.localised(referral.sendingOrganisation.name)}
          {referral.sender.username ? ` (${referral.sender.username})` : ''}
        </dd>
        <dt>{t('receiver.to')}</dt>
        <dd>{format.localised(referral.receivingOrganisation.name)}</dd>
        <dt>{t('receiver.need')}</dt>
        <dd>{t(`need.${referral.need}`)}</dd>
        <dt>{t('receiver.urgency')}</dt>
        <dd>{t(`urgency.${referral.urgency}`)}</dd>
        <dt>{t('receiver.sentAt')}</dt>
        <dd>{format.dateTime(referral.sentAt) || '–'}</dd>
        <dt>{t('receiver.dueAt')}</dt>
        <dd>
          <DueDate referral={referral} />
        </dd>
        <dt>{t('receiver.interpreter')}</dt>
        <dd>
          {referral.interpreterNeeded ? t('common.yes') : t('common.no')}
          {referral.language ? ` · ${format.languageName(referral.language)}` : ''}
        </dd>
        <dt>{t('receiver.reason')}</dt>
        <dd>{referral.reason}</dd>
        {referral.outcomeCode && (
          <>
            <dt>{t('receiver.outcomeLabel')}</dt>
            <dd>{t(`outcome.${referral.outcomeCode}`)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

export function ReferralView({ referralId }: { referralId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const referral = useReferralDetail(referralId);
  if (referral.isPending || referral.isError) {
    return (
      <>
        <PageHeading>{t('receiver.title')}</PageHeading>
        {referral.isPending ? <Loading /> : <LoadError error={referral.error} />}
      </>
    );
  }
  const r = referral.data;
  const heading = t('receiver.heading', {
    need: t(`need.${r.need}`),
    organisation: format.localised(r.sendingOrganisation.name),
  });
  return (
    <article data-referral-id={r.id}>
      <PageHeading title={heading}>{heading}</PageHeading>
      <Summary referral={r} />
      <ReceiverPanels referral={r} />
      <Timeline referral={r} />
      <MessageThread referralId={r.id} />
    </article>
  );
}
