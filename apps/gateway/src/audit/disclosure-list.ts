// A client's disclosure log as the API gives it: the audit service's entries with each recipient
// organisation named (fi, and in every language), for the disclosures route and the GDPR export.
// The caller must have been checked against the client first (the clients service's 404).
import type { OrganisationSummary } from '#contracts';
import type { MessageContext, ServiceClient } from '#messaging';
import type { DisclosureListResponse } from './audit.dto.js';
import { organisationName } from './disclosure-pdf.js';

export type OrganisationNames = Map<string, OrganisationSummary['name']>;

/** Names for the log; an unavailable partners service leaves the ids to speak for themselves. */
async function organisationNames(
  services: ServiceClient,
  ids: string[],
  caller: MessageContext,
): Promise<OrganisationNames> {
  if (ids.length === 0) {
    return new Map();
  }
  try {
    const { organisations } = await services.request('partners.organisation.lookup', { ids }, caller);
    return new Map(organisations.map((organisation) => [organisation.id, organisation.name]));
  } catch {
    return new Map();
  }
}

export async function namedDisclosures(
  services: ServiceClient,
  clientId: string,
  caller: MessageContext,
): Promise<{ list: DisclosureListResponse; names: OrganisationNames }> {
  const reply = await services.request('audit.disclosure.list', { clientId }, caller);
  const names = await organisationNames(services, reply.recipientOrganisationIds, caller);
  const nameOf = (id: string) => ({
    id,
    name: organisationName(names.get(id), 'fi'),
    names: names.get(id) ?? null,
  });
  const list: DisclosureListResponse = {
    clientId: reply.clientId,
    items: reply.items.map(({ recipientOrganisationId, ...item }) => ({
      ...item,
      recipientOrganisation: nameOf(recipientOrganisationId),
    })),
    recipientOrganisations: reply.recipientOrganisationIds.map(nameOf),
  };
  return { list, names };
}
