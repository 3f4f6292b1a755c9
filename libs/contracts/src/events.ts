// One typed map of every domain event: `events.<service>.<resource>.<event>`.
// Events carry ids and codes only, never personal data.

import type { AuditEvents } from './audit/events.js';
import type { ClientsEvents } from './clients/events.js';
import type { NotificationsEvents } from './notifications/events.js';
import type { PartnersEvents } from './partners/events.js';
import type { ReferralsEvents } from './referrals/events.js';

export const EVENTS_SUBJECT_PREFIX = 'events';

export interface SystemEvents {
  /** Emitted by the messaging tests and the dev tools; no service reacts to it. */
  'events.system.probe.recorded': { probeId: string; sequence: number };
}

/** Every service's events, each declared in its own folder of this library. */
export interface EventMap
  extends SystemEvents, AuditEvents, PartnersEvents, ClientsEvents, ReferralsEvents, NotificationsEvents {}

export type EventType = keyof EventMap;
export type EventDataOf<E extends EventType> = EventMap[E];
