// Who may send which request: the gateway sends every request on behalf of users; a service sends
// only the requests listed here (nothing else reaches another service's subjects). The NATS
// permissions in deploy/nats are generated from this list (`npm run nats:config`), so a new call
// between services is added here or refused by the server.
import type { RequestSubject, ServiceName } from './subjects.js';

export const SERVICE_CALLS = {
  clients: ['partners.organisation.lookup'],
  referrals: [
    'clients.client.summary',
    'clients.consent.check',
    'clients.disclosure.snapshot',
    'partners.membership.check',
    'partners.organisation.lookup',
  ],
  partners: [],
  notifications: ['partners.invitation.get', 'partners.organisation.recipients'],
  audit: [],
  statistics: [
    'clients.statistics.snapshot',
    'referrals.statistics.snapshot',
    'partners.organisation.lookup',
  ],
} as const satisfies Record<ServiceName, readonly RequestSubject[]>;
