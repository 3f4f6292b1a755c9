// The message thread between the sending and the receiving organisation, with a send form. A
// refused message stays in the box; the live stream (message.posted) brings the other side's.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Textarea } from 'suomifi-ui-components';
import { api } from '../../api/client';
import type { Page, ReferralMessage } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { useAnnouncer } from '../../shell/Announcer';
import { FormErrorSummary, apiFormErrors, fieldError, type FormError } from '../../ui/FormErrors';
import { LoadError, Loading } from '../../ui/Loading';
import { referralPath } from './queries';

export function MessageThread({ referralId }: { referralId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const messages = useQuery({
    queryKey: ['referral', referralId, 'messages'],
    queryFn: () => api.get<Page<ReferralMessage>>(`${referralPath(referralId)}/messages`, { limit: 100 }),
  });
  return (
    <section className="panel" aria-labelledby="receiver-messages">
      <h2 id="receiver-messages">{t('receiver.messages')}</h2>
      {messages.isPending ? (
        <Loading />
      ) : messages.isError ? (
        <LoadError error={messages.error} />
      ) : messages.data.items.length === 0 ? (
        <p>{t('receiver.noMessages')}</p>
      ) : (
        <ol className="messages">
          {messages.data.items.map((message) => (
            <li key={message.id}>
              <p className="meta">
                {message.authorUsername ?? t('receiver.unknownAuthor')} ·{' '}
                <time dateTime={message.createdAt}>{format.dateTime(message.createdAt)}</time>
              </p>
              <p>{message.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!body.trim()) {
            setErrors([{ inputId: 'receiver-message', text: t('receiver.messageEmpty') }]);
            return;
          }
          setBusy(true);
          setErrors([]);
          api
            .post(`${referralPath(referralId)}/messages`, { body: body.trim() })
            .then(() => {
              setBody('');
              toast(t('receiver.messageSent'));
              return queryClient.invalidateQueries({ queryKey: ['referral', referralId, 'messages'] });
            })
            .catch((caught: unknown) => setErrors(apiFormErrors(caught, t, { body: 'receiver-message' })))
            .finally(() => setBusy(false));
        }}
      >
        <FormErrorSummary errors={errors} />
        <Textarea
          id="receiver-message"
          labelText={t('receiver.newMessage')}
          value={body}
          status={fieldError(errors, 'receiver-message') ? 'error' : 'default'}
          statusText={fieldError(errors, 'receiver-message')}
          onChange={(event) => setBody(event.target.value)}
        />
        <div className="form-actions">
          <Button type="submit" disabled={busy}>
            {t('receiver.send')}
          </Button>
        </div>
      </form>
    </section>
  );
}
