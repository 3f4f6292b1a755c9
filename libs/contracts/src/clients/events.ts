// Events of the clients service: `events.clients.<resource>.<event>`. Ids and codes only.
import type { ConsentPurpose, DataCategory } from './subjects.js';
import type { ContactRecordedData, GroupEventRecordedData, ParticipantRecordedData } from './guidance.js';

export interface ClientEventData {
  clientId: string;
  /** The organisation whose client it is. */
  organisationId: string;
}

export interface ConsentEventData {
  consentId: string;
  consentVersion: number;
  clientId: string;
  organisationId: string;
  recipientOrganisationIds: string[];
  categories: DataCategory[];
  purposes: ConsentPurpose[];
}

export interface ConsentWithdrawnData extends ConsentEventData {
  /** `withdrawn`: on the client's word; `client_erased`: the client was erased. */
  reason: 'withdrawn' | 'client_erased';
}

export interface ConsentSupersededData extends ConsentEventData {
  supersededByConsentId: string;
}

/** A consent in force ends soon (CONSENT_EXPIRY_NOTICE_DAYS); emitted once per consent. */
export interface ConsentExpiringData {
  consentId: string;
  clientId: string;
  organisationId: string;
  /** ISO 8601: when the consent ends. */
  validUntil: string;
  /** The advisor who recorded the consent: they hear of it. */
  recordedByUserId: string;
}

export interface ClientsEvents {
  'events.clients.client.created': ClientEventData;
  'events.clients.client.updated': ClientEventData;
  /** Personal data is gone: other services redact their copies. */
  'events.clients.client.erased': ClientEventData;
  'events.clients.consent.given': ConsentEventData;
  'events.clients.consent.refused': ConsentEventData;
  /** Effective at once: open referrals resting on it are cancelled, shared data redacted. */
  'events.clients.consent.withdrawn': ConsentWithdrawnData;
  /** The consent ends soon: the advisor who recorded it may renew it. */
  'events.clients.consent.expiring': ConsentExpiringData;
  /** Same effect as a withdrawal. */
  'events.clients.consent.expired': ConsentEventData;
  /** A newer consent replaced it; referrals should re-check against the new one. */
  'events.clients.consent.superseded': ConsentSupersededData;
  /** A guidance contact (registered or anonymous): codes and bands only, for the statistics. */
  'events.clients.contact.recorded': ContactRecordedData;
  /** A group event: attendance and topics, never its title. */
  'events.clients.group_event.recorded': GroupEventRecordedData;
  /** A client's banded statistical attributes and ESF data, on registration and on each change. */
  'events.clients.participant.recorded': ParticipantRecordedData;
}
