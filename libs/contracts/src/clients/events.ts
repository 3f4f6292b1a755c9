// Events of the clients service: `events.clients.<resource>.<event>`. Ids and codes only.
import type { ConsentPurpose, DataCategory } from './subjects.js';

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

export interface ClientsEvents {
  'events.clients.client.created': ClientEventData;
  'events.clients.client.updated': ClientEventData;
  /** Personal data is gone: other services redact their copies. */
  'events.clients.client.erased': ClientEventData;
  'events.clients.consent.given': ConsentEventData;
  'events.clients.consent.refused': ConsentEventData;
  /** Effective at once: open referrals resting on it are cancelled, shared data redacted. */
  'events.clients.consent.withdrawn': ConsentWithdrawnData;
  /** Same effect as a withdrawal. */
  'events.clients.consent.expired': ConsentEventData;
  /** A newer consent replaced it; referrals should re-check against the new one. */
  'events.clients.consent.superseded': ConsentSupersededData;
}
