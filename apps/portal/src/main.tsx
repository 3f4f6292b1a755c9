// Start-up: the language, then the session (none: off to the login, coming back here), then the
// saved language preference unless the URL names one, then the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api/client';
import { fetchSession, redirectToLogin } from './api/session';
import type { Preferences } from './api/types';
import { App } from './App';
import { changeLanguage, initI18n, initialLanguage, isLanguage } from './i18n';
import './styles.css';

async function start(): Promise<void> {
  const language = initialLanguage(window.location.search);
  const i18n = await initI18n(language);
  const root = createRoot(document.getElementById('root') as HTMLElement);
  const session = await fetchSession().catch(() => undefined);
  if (session === null) {
    root.render(<p className="boot">{i18n.t('boot.signingIn')}</p>);
    redirectToLogin(language);
    return;
  }
  if (session === undefined) {
    root.render(
      <p className="boot" role="alert">
        {i18n.t('boot.unavailable')}
      </p>,
    );
    return;
  }
  if (!new URLSearchParams(window.location.search).has('lang')) {
    const saved = await api.get<Preferences>('/api/v1/me/preferences').catch(() => null);
    if (saved && isLanguage(saved.language) && saved.language !== language) {
      await changeLanguage(saved.language);
    }
  }
  root.render(
    <StrictMode>
      <App initialSession={session} />
    </StrictMode>,
  );
}

void start();
