// Everything held on a client (GDPR art. 15), gathered from the services that hold it: the client
// and its consents, its guidance contacts (clients), the referrals the caller's organisation made
// for it with their history and messages (referrals), and the disclosure log (audit). Each service
// checks the caller as it does for the screens, and audits the reads; the clients service first, so
// that a client the caller may not see is a 404 before anything else is asked.
import type { ClientExport, ContactView, ReferralMessageView, ReferralView } from '#contracts';
import type { MessageContext, ServiceClient } from '#messaging';
import type { DisclosureResponse } from '../audit/audit.dto.js';
import { namedDisclosures } from '../audit/disclosure-list.js';

export interface ExportedReferral extends ReferralView {
  messages: ReferralMessageView[];
}

export interface FullClientExport extends ClientExport {
  contacts: ContactView[];
  referrals: ExportedReferral[];
  /** As `GET /clients/{id}/disclosures` gives them: each recipient named. */
  disclosures: DisclosureResponse[];
}

/** Enough for any real client; a bound, so that a fault in a cursor cannot loop for ever. */
const MAX_PAGES = 100;

/** Every item of a keyset-paged list, a page of 100 at a time. */
async function everyPage<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const answer = await page(cursor);
    items.push(...answer.items);
    if (answer.nextCursor === null) {
      break;
    }
    cursor = answer.nextCursor;
  }
  return items;
}

export async function exportClient(
  services: ServiceClient,
  clientId: string,
  caller: MessageContext,
): Promise<FullClientExport> {
  const held = await services.request('clients.client.export', { clientId }, caller);
  // The rest is independent once the client is known to be the caller's.
  const [contacts, summaries, disclosures] = await Promise.all([
    everyPage((cursor) => services.request('clients.contact.list', { clientId, cursor, limit: 100 }, caller)),
    everyPage((cursor) =>
      services.request('referrals.referral.list', { box: 'outgoing', clientId, cursor, limit: 100 }, caller),
    ),
    namedDisclosures(services, clientId, caller),
  ]);
  const referrals = await Promise.all(
    summaries.map(async ({ id }): Promise<ExportedReferral> => {
      const [referral, messages] = await Promise.all([
        services.request('referrals.referral.get', { referralId: id }, caller),
        everyPage((cursor) =>
          services.request('referrals.message.list', { referralId: id, cursor, limit: 100 }, caller),
        ),
      ]);
      return { ...referral, messages };
    }),
  );
  return { ...held, contacts, referrals, disclosures: disclosures.list.items };
}
