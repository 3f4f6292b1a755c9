// The route tree (code-based). Each screen lives in features/<name>/ and is loaded when first
// visited: `lazy(() => import(...))` takes the module's `Route` (a createLazyRoute with its component).
// Typed search params: validateSearch keeps only what the screen understands.
import { createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { NotFound } from './features/not-found/NotFound';
import { Shell } from './shell/Shell';
import { parseOutboxSearch } from './features/outbox/search';
import { parseInboxSearch } from './features/inbox/search';
import { parseAuditSearch } from './features/admin-audit/search';
import { parseStatisticsSearch } from './features/statistics/period';
import { wizardStepParam } from './ui/wizard-steps';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

export const rootRoute = createRootRoute({ component: Shell, notFoundComponent: NotFound });

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/' }).lazy(() =>
  import('./features/home/route').then((module) => module.Route),
);

export const clientsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/clients',
  validateSearch: (search: Record<string, unknown>): { q?: string } => ({ q: text(search.q) }),
}).lazy(() => import('./features/clients/route').then((module) => module.Route));

const newClientRoute = createRoute({ getParentRoute: () => rootRoute, path: '/clients/new' }).lazy(() =>
  import('./features/client-new/route').then((module) => module.Route),
);

export const clientRoute = createRoute({ getParentRoute: () => rootRoute, path: '/clients/$clientId' }).lazy(
  () => import('./features/client/route').then((module) => module.Route),
);

export const consentWizardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/clients/$clientId/consents/new',
  // From a consent gap: the organisation and categories the referral needed, preselected.
  validateSearch: (
    search: Record<string, unknown>,
  ): { organisationId?: string; categories?: string; step?: number } => ({
    organisationId: text(search.organisationId),
    categories: text(search.categories),
    step: wizardStepParam(search.step),
  }),
}).lazy(() => import('./features/consent/wizard-route').then((module) => module.Route));

export const consentRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/clients/$clientId/consents/$consentId',
}).lazy(() => import('./features/consent/receipt-route').then((module) => module.Route));

export const newReferralRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/referrals/new',
  validateSearch: (search: Record<string, unknown>): { clientId?: string; step?: number } => ({
    clientId: text(search.clientId),
    step: wizardStepParam(search.step),
  }),
}).lazy(() => import('./features/referral-new/route').then((module) => module.Route));

export const referralRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/referrals/$referralId',
}).lazy(() => import('./features/referral/route').then((module) => module.Route));

export const outboxRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/outbox',
  validateSearch: parseOutboxSearch,
}).lazy(() => import('./features/outbox/route').then((module) => module.Route));

export const inboxRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/inbox',
  validateSearch: parseInboxSearch,
}).lazy(() => import('./features/inbox/route').then((module) => module.Route));

const notificationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/notifications',
  validateSearch: (search: Record<string, unknown>): { filter?: 'all' } => ({
    filter: search.filter === 'all' ? 'all' : undefined,
  }),
}).lazy(() => import('./features/notifications/route').then((module) => module.Route));

const settingsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/settings' }).lazy(() =>
  import('./features/settings/route').then((module) => module.Route),
);

const organisationRoute = createRoute({ getParentRoute: () => rootRoute, path: '/organisation' }).lazy(() =>
  import('./features/organisation/route').then((module) => module.Route),
);

const organisationMembersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/organisation/members',
}).lazy(() => import('./features/organisation/members-route').then((module) => module.Route));

const organisationServicesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/organisation/services',
}).lazy(() => import('./features/organisation/services-route').then((module) => module.Route));

const adminOrganisationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/organisations',
}).lazy(() => import('./features/admin-organisations/route').then((module) => module.Route));

export const adminAuditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/audit',
  validateSearch: parseAuditSearch,
}).lazy(() => import('./features/admin-audit/route').then((module) => module.Route));

export const statisticsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/statistics',
  validateSearch: parseStatisticsSearch,
}).lazy(() => import('./features/statistics/route').then((module) => module.Route));

const routeTree = rootRoute.addChildren([
  homeRoute,
  clientsRoute,
  newClientRoute,
  consentWizardRoute,
  consentRoute,
  clientRoute,
  newReferralRoute,
  referralRoute,
  outboxRoute,
  notificationsRoute,
  settingsRoute,
  inboxRoute,
  organisationRoute,
  organisationMembersRoute,
  organisationServicesRoute,
  adminOrganisationsRoute,
  adminAuditRoute,
  statisticsRoute,
]);

export function createAppRouter() {
  return createRouter({ routeTree, defaultPreload: 'intent', scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
  interface StaticDataRouteOption {
    titleKey?: string;
  }
}
