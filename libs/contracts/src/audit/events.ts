// The audit trail: every service records who did what to which record through its outbox, as
// one event type, so the audit service needs one durable consumer with one filter subject.
// Ids and codes only: never a name, identity code or free text.

/** Where an audit entry came from: a back-end service, or the gateway (refused requests). */
export type AuditSource =
  'clients' | 'referrals' | 'partners' | 'notifications' | 'audit' | 'statistics' | 'gateway';

export interface AuditEntryData {
  /** What happened, as `<resource>.<verb>`: `client.read`, `organisation.created`, `referral.shared_data.read`. */
  action: string;
  /** `granted` for what was done, `refused` for what was refused (failed authentication, 403, 404). */
  outcome: 'granted' | 'refused';
  targetType: string;
  targetId: string | null;
  /** The organisation on whose behalf the actor acted (the envelope's actor may be the system). */
  organisationId: string | null;
  /** Set whenever a client's data is concerned. */
  clientId?: string | null;
  /** Set for disclosures: the consent the disclosure rested on. */
  consentId?: string | null;
  /**
   * The organisation that received or viewed a client's data, for the client's disclosure log:
   * set it (with clientId and consentId) on a referral sent with its snapshot, on every read of a
   * referral's shared data by the receiving organisation, and on an export to another organisation.
   */
  recipientOrganisationId?: string | null;
  /** The service that recorded the entry (stored as the entry's source; null when left out). */
  sourceService?: AuditSource;
  /** Stable codes only (e.g. an error code, a reason code). */
  detail?: Record<string, string | number | boolean | null>;
}

export const AUDIT_EVENT_TYPE = 'events.audit.entry.recorded';

export interface AuditEvents {
  'events.audit.entry.recorded': AuditEntryData;
}
