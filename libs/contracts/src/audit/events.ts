// The audit trail: every service records who did what to which record through its outbox, as
// one event type, so the audit service needs one durable consumer with one filter subject.
// Ids and codes only: never a name, identity code or free text.

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
  /** The organisation that received or viewed a client's data, for the disclosure log. */
  recipientOrganisationId?: string | null;
  /** Stable codes only (e.g. an error code, a reason code). */
  detail?: Record<string, string | number | boolean | null>;
}

export const AUDIT_EVENT_TYPE = 'events.audit.entry.recorded';

export interface AuditEvents {
  'events.audit.entry.recorded': AuditEntryData;
}
