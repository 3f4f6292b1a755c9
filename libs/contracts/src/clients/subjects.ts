// Request/reply subjects of the clients service: `clients.<resource>.<verb>`.

/** The least other services need to know of a client the caller may see: no personal data. */
export interface ClientSummary {
  id: string;
  organisationId: string;
  preferredLanguage: string | null;
  erased: boolean;
}

export const DATA_CATEGORIES = ['identity', 'contact', 'language', 'background', 'needs', 'health'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const CONSENT_PURPOSES = ['referral', 'follow_up', 'statistics'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** May organisation X receive categories Y of client Z now, for purpose P? */
export interface ConsentCheckRequest {
  clientId: string;
  organisationId: string;
  categories: DataCategory[];
  purpose: ConsentPurpose;
}

export type ConsentCheckReply =
  | { allowed: true; consentId: string; consentVersion: number }
  | {
      allowed: false;
      /** Stable reason: no active consent names the organisation, or categories are missing. */
      reason:
        | 'CLIENT_NOT_FOUND'
        | 'NO_ACTIVE_CONSENT'
        | 'ORGANISATION_NOT_COVERED'
        | 'CATEGORIES_NOT_COVERED'
        | 'PURPOSE_NOT_COVERED';
      missingOrganisationId?: string;
      missingCategories?: DataCategory[];
    };

/** Client data limited to the given categories; recorded as a disclosure (audit event). */
export interface DisclosureSnapshotRequest extends ConsentCheckRequest {
  /** What the disclosure is for, e.g. the referral id (kept in the audit trail). */
  targetType: string;
  targetId: string;
}

export interface DisclosureSnapshotReply {
  consentId: string;
  consentVersion: number;
  /** Only the keys of the consented categories are present. */
  data: Partial<Record<DataCategory, Record<string, unknown>>>;
}

export interface ClientsRequests {
  /** RESOURCE.NOT_FOUND unless the client belongs to the actor's organisation. */
  'clients.client.summary': { request: { clientId: string }; reply: ClientSummary };
  /** The consent check every disclosure goes through. The actor must belong to the client's organisation. */
  'clients.consent.check': { request: ConsentCheckRequest; reply: ConsentCheckReply };
  /** Refuses with CONSENT.NOT_COVERED (details as in a refused check) when the consent does not cover it. */
  'clients.disclosure.snapshot': { request: DisclosureSnapshotRequest; reply: DisclosureSnapshotReply };
}
