// The frame of every page: skip link, header (organisation, language, bell, sign out), the main
// navigation by role, the notices (live updates paused, session ending) and <main>.
import { useQueryClient } from '@tanstack/react-query';
import { Outlet, useRouter, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, SkipLink } from 'suomifi-ui-components';
import { api } from '../api/client';
import { useSession } from '../api/session';
import { isLanguage } from '../i18n';
import { useFormat } from '../i18n/format';
import { AppLink } from '../ui/AppLink';
import { useAnnouncer } from './Announcer';
import { useSwitchLanguage, LanguageSwitcher } from './LanguageSwitcher';
import { useLiveUpdates } from './live-updates';
import { navigationFor } from './navigation';
import { NotificationBell } from './NotificationBell';
import { OrganisationSwitcher } from './OrganisationSwitcher';
import { SessionExpiry } from './SessionExpiry';
import { LoopToasts } from '../features/notifications/LoopToasts';
import { RoleGate } from './RoleGate';
import { useKeepFocusOfBusyButtons } from './busy-focus';

/** `?lang=fi|sv|en` on any URL switches the language, saves it and leaves the URL without it. */
function useLangParam() {
  const router = useRouter();
  const switchLanguage = useSwitchLanguage();
  const searchStr = useRouterState({ select: (state) => state.location.searchStr });
  useEffect(() => {
    const params = new URLSearchParams(searchStr);
    const lang = params.get('lang');
    if (!isLanguage(lang)) {
      return;
    }
    void switchLanguage(lang);
    params.delete('lang');
    const rest = params.toString();
    const { pathname, hash } = window.location;
    router.history.replace(`${pathname}${rest ? `?${rest}` : ''}${hash}`);
  }, [searchStr, router, switchLanguage]);
}

/** After each navigation (not the first load), focus goes to the new page's h1 and is announced. */
function useFocusOnNavigation() {
  const router = useRouter();
  const { announce } = useAnnouncer();
  const first = useRef(true);
  useEffect(
    () =>
      router.subscribe('onResolved', (event) => {
        if (first.current) {
          first.current = false;
          return;
        }
        if (!event.pathChanged) {
          return;
        }
        let tries = 0;
        const focusHeading = () => {
          const heading = document.querySelector<HTMLElement>('main [data-page-heading]');
          if (heading) {
            heading.focus();
            announce(heading.textContent ?? '');
          } else if (tries++ < 40) {
            window.requestAnimationFrame(focusHeading);
          }
        };
        window.requestAnimationFrame(focusHeading);
      }),
    [router, announce],
  );
}

function SignOut() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="secondaryNoBorder"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void api
          .post<{ endSessionUrl: string | null }>('/auth/logout')
          .then((answer) => window.location.assign(answer.endSessionUrl ?? '/'))
          .catch(() => window.location.assign('/'));
      }}
    >
      {t('shell.signOut')}
    </Button>
  );
}

export function Shell() {
  const { t } = useTranslation();
  const format = useFormat();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const live = useLiveUpdates(queryClient, true);
  useLangParam();
  useFocusOnNavigation();
  useKeepFocusOfBusyButtons();
  const active = session.organisations.find((org) => org.id === session.activeOrganisationId);
  const userName = session.user.name ?? session.user.username;
  return (
    <div className="shell">
      <SkipLink href="#main">{t('shell.skipToContent')}</SkipLink>
      <header className="shell__header">
        <div className="shell__brand">
          <AppLink to="/" className="shell__logo">
            MONI
          </AppLink>
          <span className="shell__service">{t('shell.serviceName')}</span>
        </div>
        <div className="shell__tools">
          <span className="shell__user">
            {userName}
            {active && (
              <>
                {' · '}
                {format.localised(active.name)}
              </>
            )}
            {session.role && (
              <>
                {' · '}
                {t(`role.${session.role}`)}
              </>
            )}
          </span>
          <OrganisationSwitcher />
          <NotificationBell />
          <LanguageSwitcher />
          <SignOut />
        </div>
      </header>
      <nav className="shell__nav" aria-label={t('shell.mainNavigation')}>
        <ul>
          {navigationFor(session.role).map((item) => (
            <li key={item.to}>
              <AppLink to={item.to} activeOptions={{ exact: item.to === '/' }}>
                {t(item.label)}
              </AppLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="shell__notices">
        {live === 'paused' && (
          <p className="notice notice--warning" role="status" data-live-state="paused">
            {t('shell.livePaused')}
          </p>
        )}
        <SessionExpiry />
        <LoopToasts />
      </div>
      <main id="main" className="shell__main" tabIndex={-1}>
        <RoleGate role={session.role}>
          <Outlet />
        </RoleGate>
      </main>
    </div>
  );
}
