// The advisor's home: a guidance contact recorded in seconds, and a group event below it.
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Contact, ContactPayload, EventPayload, GroupEvent } from '../../api/statistics-types';
import { ContactForm } from './ContactForm';
import { EventForm } from './EventForm';
import './contacts.css';

export function QuickEntry() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <>
      <section className="panel" aria-labelledby="quick-contact-heading">
        <h2 id="quick-contact-heading">{t('contacts.title')}</h2>
        <ContactForm
          onSubmit={(payload: ContactPayload) => api.post<Contact>('/api/v1/contacts', payload)}
          onSaved={() => void queryClient.invalidateQueries({ queryKey: ['contacts'] })}
        />
      </section>
      <section className="panel" aria-labelledby="quick-event-heading">
        <h2 id="quick-event-heading">{t('events.title')}</h2>
        <details className="disclosure">
          <summary>{t('events.open')}</summary>
          <EventForm onSubmit={(payload: EventPayload) => api.post<GroupEvent>('/api/v1/events', payload)} />
        </details>
      </section>
    </>
  );
}
