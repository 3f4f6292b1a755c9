// Request/reply subjects of the clients service: `clients.<resource>.<verb>`.

/** The least other services need to know of a client the caller may see: no personal data. */
export interface ClientSummary {
  id: string;
  organisationId: string;
  preferredLanguage: string | null;
  erased: boolean;
}

export interface ClientsRequests {
  /** RESOURCE.NOT_FOUND unless the client belongs to the actor's organisation. */
  'clients.client.summary': { request: { clientId: string }; reply: ClientSummary };
}
