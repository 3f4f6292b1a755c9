// Renders a component as the portal would: i18n in a chosen language, a query client, the
// announcer, and a memory router (for links), so component tests see the real texts and markup.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
  type RouteComponent,
  type RouterHistory,
} from '@tanstack/react-router';
import { render, screen, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { act } from 'react';
import { SessionProvider } from '../src/api/session';
import type { Session } from '../src/api/types';
import { changeLanguage, initI18n, type Language } from '../src/i18n';
import { AnnouncerProvider } from '../src/shell/Announcer';

let ready: Promise<unknown> | null = null;

export async function renderInPortal(
  ui: ReactElement,
  language: Language = 'en',
  /** The address the page is shown at (every path renders `ui`). */
  path = '/',
): Promise<RenderResult & { history: RouterHistory }> {
  ready ??= initI18n(language);
  await ready;
  await changeLanguage(language);
  const rootRoute = createRootRoute({ component: Outlet });
  const page = createRoute({ getParentRoute: () => rootRoute, path: '/', component: () => ui });
  const catchAll = createRoute({
    getParentRoute: () => rootRoute,
    path: '$',
    component: () => (path === '/' ? null : ui),
  });
  const history = createMemoryHistory({ initialEntries: [path] });
  const router = createRouter({ routeTree: rootRoute.addChildren([page, catchAll]), history });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  let result: RenderResult | undefined;
  await act(async () => {
    result = render(
      <QueryClientProvider client={queryClient}>
        <AnnouncerProvider>
          <RouterProvider router={router} />
        </AnnouncerProvider>
      </QueryClientProvider>,
    );
    await router.load();
  });
  return { ...(result as RenderResult), history };
}

/**
 * A route's page under its real path pattern (its params come from the URL, as in the portal), for
 * a signed-in session.
 */
export async function renderPage({
  pattern,
  path,
  component,
  session,
  language = 'en',
}: {
  pattern: string;
  path: string;
  component: RouteComponent | undefined;
  session: Session;
  language?: Language;
}): Promise<void> {
  ready ??= initI18n(language);
  await ready;
  await changeLanguage(language);
  const rootRoute = createRootRoute({ component: Outlet });
  const page = createRoute({ getParentRoute: () => rootRoute, path: pattern, component });
  const catchAll = createRoute({ getParentRoute: () => rootRoute, path: '$', component: () => null });
  const router = createRouter({
    routeTree: rootRoute.addChildren([page, catchAll]),
    history: createMemoryHistory({ initialEntries: [path] }),
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  await act(async () => {
    render(
      <QueryClientProvider client={queryClient}>
        <SessionProvider value={{ session, loadedAt: Date.now(), reload: () => Promise.resolve() }}>
          <AnnouncerProvider>
            <RouterProvider router={router} />
          </AnnouncerProvider>
        </SessionProvider>
      </QueryClientProvider>,
    );
    await router.load();
  });
}

export { screen };
