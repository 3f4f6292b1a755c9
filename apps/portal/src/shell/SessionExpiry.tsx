// Warns before the session ends and lets the user stay signed in without leaving the page; once
// ended, offers to sign in again (coming back here). Nothing on the page is thrown away. Two limits
// end a session, whichever comes first: idle time (each request moves it; "stay signed in" helps)
// and the maximum lifetime (nothing moves it; the user is told to finish and sign in again).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { lastActivity } from '../api/client';
import { redirectToLogin, useSession } from '../api/session';
import type { Session } from '../api/types';
import { useFormat } from '../i18n/format';

const WARN_BEFORE_IDLE_END_MS = 2 * 60_000;
/** Longer: the work on the page has to be finished or saved before a new login. */
const WARN_BEFORE_LIFETIME_END_MS = 10 * 60_000;

/** What the warning says before the end, by the limit that ends the session. */
const ENDING_MESSAGE = {
  idle: 'shell.sessionEnding',
  lifetime: 'shell.sessionLifetimeEnding',
} as const satisfies Record<SessionEnd['limit'], string>;

export interface SessionEnd {
  at: number;
  /** Which limit ends it: the idle timeout or the maximum lifetime. */
  limit: 'idle' | 'lifetime';
}

/**
 * When the session ends: the idle end is estimated from the last answered request and the idle time
 * the session had when it was read; the lifetime end is fixed.
 */
export function sessionEnd(session: Session, loadedAt: number, lastActivityAt: number): SessionEnd {
  const idleExpiresAt = Date.parse(session.idleExpiresAt);
  const idleMs = idleExpiresAt - loadedAt;
  const idleEnd = Math.max(idleExpiresAt, lastActivityAt + idleMs);
  const lifetimeEnd = Date.parse(session.absoluteExpiresAt);
  return lifetimeEnd <= idleEnd ? { at: lifetimeEnd, limit: 'lifetime' } : { at: idleEnd, limit: 'idle' };
}

export function SessionExpiry() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { session, loadedAt, reload } = useSession();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 10_000);
    return () => window.clearInterval(timer);
  }, []);
  const end = sessionEnd(session, loadedAt, lastActivity());
  const warnBefore = end.limit === 'idle' ? WARN_BEFORE_IDLE_END_MS : WARN_BEFORE_LIFETIME_END_MS;
  if (Number.isNaN(end.at) || now < end.at - warnBefore) {
    return null;
  }
  const ended = now >= end.at;
  const time = format.dateTime(new Date(end.at).toISOString());
  return (
    <div className="session-expiry" role="alert" data-limit={end.limit}>
      <p>{ended ? t('shell.sessionEnded') : t(ENDING_MESSAGE[end.limit], { time })}</p>
      {ended ? (
        <Button variant="secondary" onClick={() => redirectToLogin(i18n.language)}>
          {t('shell.signInAgain')}
        </Button>
      ) : (
        end.limit === 'idle' && (
          <Button variant="secondary" onClick={() => void reload().then(() => setNow(Date.now()))}>
            {t('shell.staySignedIn')}
          </Button>
        )
      )}
    </div>
  );
}
