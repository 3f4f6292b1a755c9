// /admin/audit (platform_admin): the audit search (time, actor, action, target, organisation), newest
// first with keyset paging, and the state of the chain's verification. Ids and codes only.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { createLazyRoute, useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { request } from '../../api/client';
import type { Page } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { FormErrorSummary, fieldError, type FormError } from '../../ui/FormErrors';
import { LoadError, Loading } from '../../ui/Loading';
import { PageHeading } from '../../ui/PageHeading';
import { TextField, formErrors } from '../organisation/fields';
import '../organisation/admin.css';
import { AUDIT_FILTERS, parseAuditSearch, toIso, type AuditSearch } from './search';
import { LoadMore } from '../../ui/LoadMore';
import { TableScroll } from '../../ui/TableScroll';

interface AuditEntry {
  id: string;
  seq: string;
  action: string;
  outcome: 'granted' | 'refused';
  actorUserId: string | null;
  actorRole: string | null;
  organisationId: string | null;
  targetType: string;
  targetId: string | null;
  correlationId: string;
  sourceService: string | null;
  detail: Record<string, string | number | boolean | null> | null;
  occurredAt: string;
}

interface Verification {
  state: 'valid' | 'broken';
  checkedAt: string;
  records: string;
  headHash: string | null;
  checkpoint: { seq: string; at: string; matches: boolean } | null;
  checkpointNote: 'none' | 'unavailable' | null;
  broken: { seq: string; kind: string } | null;
}

function VerificationPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery({
    queryKey: ['audit-verification'],
    queryFn: async () => (await request<Verification>('/api/v1/audit/verification')).data,
  });
  const data = query.data;
  return (
    <section
      className={`panel${data ? ` verification--${data.state}` : ''}`}
      aria-labelledby="verification-heading"
      data-chain-state={data?.state}
    >
      <h2 id="verification-heading">{t('adminAudit.verification.title')}</h2>
      {query.isPending && <Loading />}
      {query.isError && <LoadError error={query.error} />}
      {data && (
        <div role="status">
          <p>
            <strong>{t(`adminAudit.verification.state.${data.state}`)}</strong>
            {' – '}
            {t('adminAudit.verification.checkedAt', { time: format.dateTime(data.checkedAt) })}
          </p>
          {data.state === 'valid' && (
            <p>{t('adminAudit.verification.records', { count: Number(data.records) })}</p>
          )}
          {data.broken && (
            <p>{t(`adminAudit.verification.broken.${data.broken.kind}`, { seq: data.broken.seq })}</p>
          )}
          <p>
            {data.checkpoint
              ? t('adminAudit.verification.checkpoint', {
                  seq: data.checkpoint.seq,
                  time: format.dateTime(data.checkpoint.at),
                })
              : t(`adminAudit.verification.noCheckpoint.${data.checkpointNote ?? 'none'}`)}
          </p>
          {data.headHash && (
            <p>
              {t('adminAudit.verification.head')} <span className="mono">{data.headHash}</span>
            </p>
          )}
        </div>
      )}
      <Button variant="secondary" disabled={query.isFetching} onClick={() => void query.refetch()}>
        {t('adminAudit.verification.again')}
      </Button>
    </section>
  );
}

const FIELD_IDS: Record<(typeof AUDIT_FILTERS)[number], string> = {
  from: 'audit-from',
  to: 'audit-to',
  userId: 'audit-actor',
  action: 'audit-action',
  targetType: 'audit-target-type',
  targetId: 'audit-target-id',
  organisationId: 'audit-organisation',
};

function AuditScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  // The route's search carries the root's too (`?lang=` until the shell has applied it): only the
  // audit filters go to the API, which refuses parameters it does not know.
  const search = parseAuditSearch(useSearch({ from: '/admin/audit' }));
  const navigate = useNavigate({ from: '/admin/audit' });
  const [draft, setDraft] = useState<AuditSearch>(search);
  // From after Until finds nothing by definition: say so instead of asking the API.
  const from = toIso(search.from);
  const to = toIso(search.to);
  const reversed =
    from !== undefined && to !== undefined && !isNaN(Date.parse(from)) && Date.parse(from) > Date.parse(to);
  const query = useInfiniteQuery({
    enabled: !reversed,
    queryKey: ['audit', search],
    queryFn: async ({ pageParam }) =>
      (
        await request<Page<AuditEntry>>('/api/v1/audit', {
          query: { ...search, from, to, cursor: pageParam, limit: 50 },
        })
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const labels: Record<keyof AuditSearch, string> = {
    from: t('adminAudit.filters.from'),
    to: t('adminAudit.filters.to'),
    userId: t('adminAudit.filters.actor'),
    action: t('adminAudit.filters.action'),
    targetType: t('adminAudit.filters.targetType'),
    targetId: t('adminAudit.filters.targetId'),
    organisationId: t('adminAudit.filters.organisation'),
  };
  // One list per outcome (the summary takes the focus each time its errors change, so not each render).
  const failure = query.isError ? query.error : null;
  const errors: FormError[] = useMemo(() => {
    if (reversed) {
      return [
        {
          inputId: FIELD_IDS.from,
          text: t('errors.field', { field: labels.from, reason: t('adminAudit.filters.reversed') }),
        },
      ];
    }
    return failure
      ? formErrors(
          failure,
          t,
          Object.fromEntries(AUDIT_FILTERS.map((key) => [key, { id: FIELD_IDS[key], label: labels[key] }])),
        )
      : [];
    // The labels follow t.
  }, [reversed, failure, t]);
  const entries = query.data?.pages.flatMap((page) => page.items) ?? [];
  const field = (key: keyof AuditSearch, props: { type?: string; hint?: string } = {}) => (
    <TextField
      id={FIELD_IDS[key]}
      label={labels[key]}
      type={props.type}
      hint={props.hint}
      value={draft[key] ?? ''}
      error={fieldError(errors, FIELD_IDS[key])}
      onChange={(value) => setDraft({ ...draft, [key]: value })}
    />
  );
  return (
    <>
      <PageHeading>{t('adminAudit.title')}</PageHeading>
      <p>{t('adminAudit.intro')}</p>
      <VerificationPanel />
      <form
        noValidate
        className="panel"
        role="search"
        aria-labelledby="audit-search-heading"
        onSubmit={(event) => {
          event.preventDefault();
          const next: AuditSearch = {};
          for (const key of AUDIT_FILTERS) {
            const value = draft[key]?.trim();
            if (value) {
              next[key] = value;
            }
          }
          void navigate({ search: next });
        }}
      >
        <h2 id="audit-search-heading">{t('adminAudit.filters.title')}</h2>
        <FormErrorSummary errors={errors} />
        {field('from', { type: 'datetime-local' })}
        {field('to', { type: 'datetime-local' })}
        {field('userId', { hint: t('adminAudit.filters.actorHint') })}
        {field('action', { hint: t('adminAudit.filters.actionHint') })}
        {field('targetType', { hint: t('adminAudit.filters.targetTypeHint') })}
        {field('targetId')}
        {field('organisationId')}
        <div className="form-actions">
          <Button type="submit">{t('adminAudit.filters.search')}</Button>
          <Button
            variant="secondary"
            onClick={() => {
              setDraft({});
              void navigate({ search: {} });
            }}
          >
            {t('adminAudit.filters.clear')}
          </Button>
        </div>
      </form>
      <section className="panel" aria-labelledby="audit-results-heading">
        <h2 id="audit-results-heading">{t('adminAudit.results.title')}</h2>
        {reversed && <p role="status">{t('adminAudit.results.reversed')}</p>}
        {!reversed && query.isPending && <Loading />}
        {!reversed && query.data && (
          <>
            <p role="status">
              {entries.length === 0
                ? t('adminAudit.results.noneFound')
                : t('adminAudit.results.count', { count: entries.length })}
            </p>
            {entries.length > 0 && (
              <TableScroll label={t('adminAudit.results.title')}>
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('adminAudit.results.time')}</th>
                      <th scope="col">{t('adminAudit.results.action')}</th>
                      <th scope="col">{t('adminAudit.results.actor')}</th>
                      <th scope="col">{t('adminAudit.results.organisation')}</th>
                      <th scope="col">{t('adminAudit.results.target')}</th>
                      <th scope="col">{t('adminAudit.results.detail')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((entry) => (
                      <tr key={entry.id} data-audit-seq={entry.seq}>
                        <td>
                          {format.dateTime(entry.occurredAt)}
                          <div className="muted">#{entry.seq}</div>
                        </td>
                        <td>
                          <code>{entry.action}</code>
                          <div>{t(`adminAudit.outcome.${entry.outcome}`)}</div>
                        </td>
                        <td className="mono">
                          {entry.actorUserId ?? '–'}
                          {entry.actorRole && (
                            <div>{t(`role.${entry.actorRole}`, { defaultValue: entry.actorRole })}</div>
                          )}
                        </td>
                        <td className="mono">{entry.organisationId ?? '–'}</td>
                        <td className="mono">
                          {entry.targetType}
                          {entry.targetId && <div>{entry.targetId}</div>}
                        </td>
                        <td className="mono">
                          {entry.sourceService && <div>{entry.sourceService}</div>}
                          {entry.detail &&
                            Object.entries(entry.detail).map(([key, value]) => (
                              <div key={key}>
                                {key}={String(value)}
                              </div>
                            ))}
                          <div className="muted">{entry.correlationId}</div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
            <LoadMore query={query} />
          </>
        )}
      </section>
    </>
  );
}

export const Route = createLazyRoute('/admin/audit')({ component: AuditScreen });
