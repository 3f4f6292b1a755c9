// Picking a registered client in the quick entry: a search field and the first matches as radio
// buttons (name and date of birth), so the choice is made with the keyboard without a combobox.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ClientListItem, Page } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { LoadError } from '../../ui/Loading';

export interface PickedClient {
  id: string;
  name: string;
}

function useDebounced(text: string, delay = 300): string {
  const [value, setValue] = useState(text);
  useEffect(() => {
    const timer = window.setTimeout(() => setValue(text), delay);
    return () => window.clearTimeout(timer);
  }, [text, delay]);
  return value;
}

export function ClientPicker({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: PickedClient | null;
  onChange(client: PickedClient | null): void;
  error?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const matches = useQuery({
    enabled: q.length >= 2,
    queryKey: ['clients', 'pick', q],
    queryFn: () => api.get<Page<ClientListItem>>('/api/v1/clients', { q, limit: 5 }),
  });
  const items = q.length >= 2 ? (matches.data?.items ?? []).filter((client) => !client.erased) : [];
  const nameOf = (client: ClientListItem) => `${client.firstName ?? ''} ${client.lastName ?? ''}`.trim();
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="client-picker">
      <div className="field">
        <label htmlFor={id} className="field__label">
          {t('contacts.clientSearch')}
        </label>
        <span id={`${id}-hint`} className="field__hint">
          {t('contacts.clientSearchHint')}
        </span>
        <input
          id={id}
          type="search"
          className="field__input"
          autoComplete="off"
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => setText(event.target.value)}
        />
        {error && (
          <span id={`${id}-error`} className="field__error">
            {error}
          </span>
        )}
      </div>
      {matches.isError && <LoadError error={matches.error} />}
      {q.length >= 2 && matches.isSuccess && (
        <fieldset className="choices">
          <legend className="field__label">{t('contacts.clientMatches', { count: items.length })}</legend>
          {items.length === 0 && <p>{t('contacts.noClientMatches')}</p>}
          <div className="choices__options choices__options--stacked">
            {items.map((client) => (
              <label key={client.id} className="choices__option" htmlFor={`${id}-${client.id}`}>
                <input
                  id={`${id}-${client.id}`}
                  type="radio"
                  name={`${id}-match`}
                  checked={value?.id === client.id}
                  onChange={() => onChange({ id: client.id, name: nameOf(client) })}
                />
                <span>
                  {nameOf(client)}
                  {client.dateOfBirth ? ` (${format.date(client.dateOfBirth)})` : ''}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {value && (
        <p className="client-picker__chosen" aria-live="polite">
          {t('contacts.clientChosen', { name: value.name })}
        </p>
      )}
    </div>
  );
}
