// One typed map of every domain event: `events.<service>.<resource>.<event>`.
// Events carry ids and codes only, never personal data.

export const EVENTS_SUBJECT_PREFIX = 'events';

export interface EventMap {
  /** Emitted by the messaging tests and the dev tools; no service reacts to it. */
  'events.system.probe.recorded': { probeId: string; sequence: number };
}

export type EventType = keyof EventMap;
export type EventDataOf<E extends EventType> = EventMap[E];
