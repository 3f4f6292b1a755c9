// The providers around the router: queries (a 401 anywhere means the session ended: log in again),
// the session, the announcer.
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { ApiError } from './api/client';
import { SessionProvider, fetchSession, redirectToLogin } from './api/session';
import type { Session } from './api/types';
import { currentLanguage } from './i18n';
import { createAppRouter } from './router';
import { AnnouncerProvider } from './shell/Announcer';

function onError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) {
    redirectToLogin(currentLanguage());
  }
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      },
    },
  });
}

export function App({ initialSession }: { initialSession: Session }) {
  const [session, setSession] = useState(initialSession);
  const [loadedAt, setLoadedAt] = useState(() => Date.now());
  const queryClient = useMemo(createQueryClient, []);
  const router = useMemo(createAppRouter, []);
  const reload = useCallback(async () => {
    const next = await fetchSession();
    if (next) {
      setSession(next);
      setLoadedAt(Date.now());
    } else {
      redirectToLogin(currentLanguage());
    }
  }, []);
  const sessionValue = useMemo(() => ({ session, loadedAt, reload }), [session, loadedAt, reload]);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider value={sessionValue}>
        <AnnouncerProvider>
          <RouterProvider router={router} />
        </AnnouncerProvider>
      </SessionProvider>
    </QueryClientProvider>
  );
}
