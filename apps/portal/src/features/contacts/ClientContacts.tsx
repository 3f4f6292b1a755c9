// The client's guidance contacts on the client page, newest first, and the quick entry for them.
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Contact, ContactPayload } from '../../api/statistics-types';
import type { Client, Page } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { QueryView } from '../../ui/QueryView';
import { ContactForm } from './ContactForm';
import './contacts.css';
import { LoadMore } from '../../ui/LoadMore';
import { TableScroll } from '../../ui/TableScroll';

export function useClientContacts(clientId: string) {
  return useInfiniteQuery({
    queryKey: ['contacts', clientId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<Page<Contact>>('/api/v1/contacts', { clientId, cursor: pageParam, limit: 20 }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function ClientContacts({ client, name }: { client: Client; name: string }) {
  const clientId = client.id;
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const contacts = useClientContacts(clientId);
  const items = contacts.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="panel" aria-labelledby="client-contacts" data-client-contacts="">
      <h2 id="client-contacts">{t('contacts.clientTitle')}</h2>
      {!client.erased && (
        <details className="disclosure">
          <summary>{t('contacts.recordForClient')}</summary>
          <ContactForm
            idPrefix="client-contact"
            client={{ id: clientId, name }}
            defaults={{ language: client.preferredLanguage, interpreter: client.interpreterNeeded }}
            onSubmit={(payload: ContactPayload) => api.post<Contact>('/api/v1/contacts', payload)}
            onSaved={() => void queryClient.invalidateQueries({ queryKey: ['contacts', clientId] })}
          />
        </details>
      )}
      <QueryView query={contacts} isEmpty={() => items.length === 0} empty={<p>{t('contacts.none')}</p>}>
        {() => (
          <>
            <TableScroll label={t('contacts.clientTitle')}>
              <table className="data-table client-contacts__table">
                <caption className="visually-hidden">{t('contacts.clientTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('fields.date')}</th>
                    <th scope="col">{t('fields.channel')}</th>
                    <th scope="col">{t('fields.topics')}</th>
                    <th scope="col">{t('fields.duration')}</th>
                    <th scope="col">{t('fields.language')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((contact) => (
                    <tr key={contact.id} data-contact-id={contact.id}>
                      <td>{format.date(contact.date)}</td>
                      <td>{t(`channel.${contact.channel}`)}</td>
                      <td>{contact.topics.map((topic) => t(`need.${topic}`)).join(', ')}</td>
                      <td>{t(`duration.${contact.duration}`)}</td>
                      <td>
                        {format.languageName(contact.language)}
                        {contact.interpreter ? ` (${t('contacts.withInterpreter')})` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <LoadMore query={contacts} />
          </>
        )}
      </QueryView>
    </section>
  );
}
