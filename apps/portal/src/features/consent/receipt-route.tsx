// One consent: what it covers, the client's receipt (PDF or page, in the client's language; right
// to left for Arabic and the like) and its withdrawal.
import { useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, RadioButton, RadioButtonGroup, Textarea } from 'suomifi-ui-components';
import { api, withQuery } from '../../api/client';
import { useClient, useConsents } from '../../api/queries';
import {
  CONSENT_METHODS,
  RECEIPT_LANGUAGES,
  RTL_LANGUAGES,
  type Consent,
  type ConsentMethod,
  type ConsentStatus,
} from '../../api/types';
import { useFormat } from '../../i18n/format';
import { useAnnouncer } from '../../shell/Announcer';
import { AppLink } from '../../ui/AppLink';
import { apiFormErrors, fieldError, FormErrorSummary, type FormError } from '../../ui/FormErrors';
import { QueryView } from '../../ui/QueryView';
import { PageHeading } from '../../ui/PageHeading';
import { Select } from '../../ui/Select';
import { StatusBadge } from '../../ui/StatusBadge';
import { useOrganisationName } from '../client/organisation-name';
import { useFocusWhenShown } from '../../ui/focus-when-shown';

const routeApi = getRouteApi('/clients/$clientId/consents/$consentId');

/** The language's own name (العربية, suomi), for the receipt links. */
function nativeName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Texts about what a consent covers, by what happened to it: a refusal shares nothing, and a
 * withdrawn, expired or replaced consent no longer shares anything on its own basis.
 */
function statusKey(base: string, status: ConsentStatus): string {
  if (status === 'refused') {
    return `${base}Refused`;
  }
  return status === 'active' ? base : `${base}Ended`;
}

export function receiptUrl(consentId: string, format: 'pdf' | 'html', lang: string): string {
  return withQuery(`/api/v1/consents/${encodeURIComponent(consentId)}/receipt`, { format, lang });
}

export function ReceiptLinks({
  consentId,
  status,
  clientLanguage,
}: {
  consentId: string;
  status: ConsentStatus;
  clientLanguage: string | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const initial =
    clientLanguage && (RECEIPT_LANGUAGES as readonly string[]).includes(clientLanguage)
      ? clientLanguage
      : 'fi';
  const [lang, setLang] = useState(initial);
  const dir = RTL_LANGUAGES.includes(lang) ? 'rtl' : 'ltr';
  return (
    <section className="panel" aria-labelledby="receipt-heading">
      <h2 id="receipt-heading">{t('receipt.title')}</h2>
      <p>{t(statusKey('receipt.help', status))}</p>
      <Select id="receipt-language" label={t('receipt.language')} value={lang} onChange={setLang}>
        {RECEIPT_LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {format.languageName(code)}
          </option>
        ))}
      </Select>
      <ul className="receipt-links">
        <li>
          <a
            href={receiptUrl(consentId, 'pdf', lang)}
            download
            data-receipt-format="pdf"
            data-receipt-lang={lang}
          >
            {t('receipt.pdf')}{' '}
            <span lang={lang} dir={dir}>
              ({nativeName(lang)})
            </span>
          </a>
        </li>
        <li>
          <a
            href={receiptUrl(consentId, 'html', lang)}
            target="_blank"
            rel="noopener"
            data-receipt-format="html"
            data-receipt-lang={lang}
          >
            {t('receipt.html')}{' '}
            <span lang={lang} dir={dir}>
              ({nativeName(lang)})
            </span>
            <span className="visually-hidden"> {t('receipt.newWindow')}</span>
          </a>
        </li>
      </ul>
    </section>
  );
}

function Withdraw({ consentId, onDone }: { consentId: string; onDone(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [method, setMethod] = useState<ConsentMethod | ''>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  // The button that opened the form is gone: the keyboard's place is the form's heading.
  const headingRef = useFocusWhenShown<HTMLHeadingElement>(open);
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t('withdraw.open')}
      </Button>
    );
  }
  return (
    <form
      className="panel"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!method) {
          setErrors([{ inputId: 'withdraw-method', text: t('withdraw.methodRequired') }]);
          return;
        }
        setBusy(true);
        api
          .post(`/api/v1/consents/${encodeURIComponent(consentId)}/withdraw`, {
            method,
            ...(note.trim() ? { note: note.trim() } : {}),
          })
          .then(() => {
            setOpen(false);
            onDone();
          })
          .catch((error: unknown) =>
            setErrors(apiFormErrors(error, t, { method: 'withdraw-method', note: 'withdraw-note' })),
          )
          .finally(() => setBusy(false));
      }}
    >
      <h2 ref={headingRef} tabIndex={-1}>
        {t('withdraw.title')}
      </h2>
      <p>{t('withdraw.effect')}</p>
      <FormErrorSummary errors={errors} />
      <RadioButtonGroup
        id="withdraw-method"
        labelText={t('withdraw.method')}
        name="withdraw-method"
        value={method}
        onChange={(value) => setMethod(value as ConsentMethod)}
        groupStatus={fieldError(errors, 'withdraw-method') ? 'error' : 'default'}
        groupStatusText={fieldError(errors, 'withdraw-method')}
      >
        {CONSENT_METHODS.map((entry) => (
          <RadioButton key={entry} value={entry} id={`withdraw-method-${entry}`}>
            {t(`method.${entry}`)}
          </RadioButton>
        ))}
      </RadioButtonGroup>
      <Textarea
        id="withdraw-note"
        labelText={t('withdraw.note')}
        optionalText={t('common.optional')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <div className="form-actions">
        <Button type="submit" disabled={busy}>
          {t('withdraw.submit')}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** One consent: what it covers, the receipt in the client's language, and its withdrawal. */
function ConsentDetails({
  clientId,
  consent,
  clientLanguage,
}: {
  clientId: string;
  consent: Consent;
  clientLanguage: string | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const organisationName = useOrganisationName();
  const refused = consent.status === 'refused';
  return (
    <>
      <section className="panel" aria-labelledby="consent-summary">
        <h2 id="consent-summary">{t(statusKey('consent.summary', consent.status))}</h2>
        <dl className="definition-list">
          <dt>{t('consent.status')}</dt>
          <dd>
            <StatusBadge kind="consent" status={consent.status} />
          </dd>
          <dt>{t('consent.recipients')}</dt>
          <dd>{consent.recipientOrganisationIds.map(organisationName).join(', ')}</dd>
          <dt>{t('consent.categories')}</dt>
          <dd>{consent.categories.map((category) => t(`category.${category}`)).join(', ')}</dd>
          <dt>{t('consent.purposes')}</dt>
          <dd>{consent.purposes.map((purpose) => t(`purpose.${purpose}`)).join(', ')}</dd>
          <dt>{t(refused ? 'consent.refusedMethod' : 'consent.method')}</dt>
          <dd>{t(`method.${consent.method}`)}</dd>
          <dt>{t(refused ? 'consent.refusedBy' : 'consent.givenBy')}</dt>
          <dd>{t(`givenBy.${consent.givenBy}`)}</dd>
          <dt>{t(refused ? 'consent.refusedAt' : 'consent.givenAt')}</dt>
          <dd>{format.dateTime(consent.givenAt)}</dd>
          <dt>{t('consent.noticeLanguage')}</dt>
          <dd>
            {format.languageName(consent.noticeLanguage)} ({consent.noticeVersion})
          </dd>
          <dt>{t('consent.interpreterUsed')}</dt>
          <dd>{consent.interpreterUsed ? t('common.yes') : t('common.no')}</dd>
          <dt>{t('consent.validUntil')}</dt>
          <dd>{format.date(consent.validUntil) || '–'}</dd>
          {consent.withdrawnAt && (
            <>
              <dt>{t('consent.withdrawnAt')}</dt>
              <dd>{format.dateTime(consent.withdrawnAt)}</dd>
              {consent.withdrawalMethod && (
                <>
                  <dt>{t('consent.withdrawalMethod')}</dt>
                  <dd>{t(`method.${consent.withdrawalMethod}`)}</dd>
                </>
              )}
              {consent.withdrawalNote && (
                <>
                  <dt>{t('consent.withdrawalNote')}</dt>
                  <dd>{consent.withdrawalNote}</dd>
                </>
              )}
            </>
          )}
        </dl>
      </section>
      <ReceiptLinks consentId={consent.id} status={consent.status} clientLanguage={clientLanguage} />
      {consent.status === 'active' && (
        <Withdraw
          consentId={consent.id}
          onDone={() => {
            toast(t('withdraw.done'));
            void queryClient.invalidateQueries({ queryKey: ['consents', clientId] });
            void queryClient.invalidateQueries({ queryKey: ['referrals'] });
          }}
        />
      )}
    </>
  );
}

function ConsentPage() {
  const { t } = useTranslation();
  const { clientId, consentId } = routeApi.useParams();
  const client = useClient(clientId);
  const consents = useConsents(clientId);
  const name = client.data ? `${client.data.firstName ?? ''} ${client.data.lastName ?? ''}`.trim() : '';
  return (
    <>
      <PageHeading>{t('consent.pageTitle')}</PageHeading>
      <p>
        <AppLink to="/clients/$clientId" params={{ clientId }}>
          {t('consent.backTo', { name })}
        </AppLink>
      </p>
      <QueryView query={consents}>
        {(data) => {
          const consent = data.items.find((item) => item.id === consentId);
          return consent ? (
            <ConsentDetails
              clientId={clientId}
              consent={consent}
              clientLanguage={client.data?.preferredLanguage ?? null}
            />
          ) : (
            <p role="alert">{t('errorCodes.RESOURCE.NOT_FOUND')}</p>
          );
        }}
      </QueryView>
    </>
  );
}

export const Route = createLazyRoute('/clients/$clientId/consents/$consentId')({ component: ConsentPage });
