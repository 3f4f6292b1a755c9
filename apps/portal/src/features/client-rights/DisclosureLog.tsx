// The client's disclosure log: who saw or received their data, when, on which consent (GDPR art. 15),
// and the same as a PDF to print for the client.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { useConsents } from '../../api/queries';
import type { LocalisedText } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { AppLink } from '../../ui/AppLink';
import { LoadError, Loading } from '../../ui/Loading';
import { TableScroll } from '../../ui/TableScroll';

interface Disclosure {
  id: string;
  occurredAt: string;
  action: string;
  /** `name` is the Finnish one; `names` in each language (both null when unknown). */
  recipientOrganisation: { id: string; name: string | null; names: LocalisedText | null };
  consentId: string | null;
  actorUserId: string | null;
  actorRole: string | null;
  targetType: string;
  targetId: string | null;
}

interface DisclosureList {
  clientId: string;
  items: Disclosure[];
}

export function DisclosureLog({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery({
    queryKey: ['client', clientId, 'disclosures'],
    queryFn: async () => (await request<DisclosureList>(`/api/v1/clients/${clientId}/disclosures`)).data,
  });
  // The client page reads the consents too (the same query): a disclosure names its consent by date.
  const consents = useConsents(clientId);
  const givenAt = new Map((consents.data?.items ?? []).map((consent) => [consent.id, consent.givenAt]));
  const nameOf = ({ id, name, names }: Disclosure['recipientOrganisation']) =>
    format.localised(names) || name || id;
  const consentLink = (consentId: string) => {
    const given = givenAt.get(consentId);
    return (
      <AppLink to="/clients/$clientId/consents/$consentId" params={{ clientId, consentId }}>
        {given
          ? t('clientRights.disclosures.consentOf', { date: format.date(given) })
          : t('clientRights.disclosures.consent')}
      </AppLink>
    );
  };
  return (
    <section className="panel" aria-labelledby="disclosures-heading" data-client-rights="disclosures">
      <h2 id="disclosures-heading">{t('clientRights.disclosures.title')}</h2>
      <p>{t('clientRights.disclosures.intro')}</p>
      <p>
        <a href={`/api/v1/clients/${clientId}/disclosures?format=pdf`} target="_blank" rel="noopener">
          {t('clientRights.disclosures.pdf')}
          <span className="visually-hidden"> {t('clientRights.disclosures.newWindow')}</span>
        </a>
      </p>
      {query.isPending && <Loading />}
      {query.isError && <LoadError error={query.error} />}
      {query.data &&
        (query.data.items.length === 0 ? (
          <p>{t('clientRights.disclosures.none')}</p>
        ) : (
          <TableScroll label={t('clientRights.disclosures.title')}>
            <table className="data-table">
              <caption className="visually-hidden">{t('clientRights.disclosures.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('clientRights.disclosures.when')}</th>
                  <th scope="col">{t('clientRights.disclosures.who')}</th>
                  <th scope="col">{t('clientRights.disclosures.what')}</th>
                  <th scope="col">{t('clientRights.disclosures.consent')}</th>
                </tr>
              </thead>
              <tbody>
                {query.data.items.map((item) => (
                  <tr key={item.id}>
                    <td>{format.dateTime(item.occurredAt)}</td>
                    <td>{nameOf(item.recipientOrganisation)}</td>
                    <td>
                      {t(`clientRights.disclosures.action.${item.action}`, { defaultValue: item.action })}
                    </td>
                    <td>
                      {item.consentId ? consentLink(item.consentId) : t('clientRights.disclosures.noConsent')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ))}
    </section>
  );
}
