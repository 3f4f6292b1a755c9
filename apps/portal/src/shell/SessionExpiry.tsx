// Warns before the session ends and lets the user stay signed in without leaving the page; once
// ended, offers to sign in again (coming back here). Nothing on the page is thrown away.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { lastActivity } from '../api/client';
import { redirectToLogin, useSession } from '../api/session';
import { useFormat } from '../i18n/format';

const WARN_BEFORE_MS = 2 * 60_000;

export function SessionExpiry() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { session, loadedAt, reload } = useSession();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 10_000);
    return () => window.clearInterval(timer);
  }, []);
  // The session ends after a while without requests: each answer moves the end, so the end is
  // estimated from the last answer and the idle time the session had when it was read.
  const idleMs = Date.parse(session.expiresAt) - loadedAt;
  const endsAt = Math.max(Date.parse(session.expiresAt), lastActivity() + idleMs);
  if (Number.isNaN(endsAt) || now < endsAt - WARN_BEFORE_MS) {
    return null;
  }
  const ended = now >= endsAt;
  return (
    <div className="session-expiry" role="alert">
      <p>
        {ended
          ? t('shell.sessionEnded')
          : t('shell.sessionEnding', { time: format.dateTime(new Date(endsAt).toISOString()) })}
      </p>
      {ended ? (
        <Button variant="secondary" onClick={() => redirectToLogin(i18n.language)}>
          {t('shell.signInAgain')}
        </Button>
      ) : (
        <Button variant="secondary" onClick={() => void reload().then(() => setNow(Date.now()))}>
          {t('shell.staySignedIn')}
        </Button>
      )}
    </div>
  );
}
