import { AUDIT_EVENT_TYPE, EVENTS_SUBJECT_PREFIX, type EventType } from '#contracts';

export const DEFAULT_DEAD_LETTER_PREFIX = 'deadletter';

// A prefix is one or more plain tokens: tests use `t_<suffix>.events` so that their streams never
// overlap the dev stack's `events.>`.
const PREFIX = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

export function assertSubjectPrefix(prefix: string): string {
  if (!PREFIX.test(prefix)) {
    throw new Error(`invalid subject prefix "${prefix}"`);
  }
  return prefix;
}

/** The subject an event is published on: its type, with the leading `events` replaced by the prefix. */
export function eventSubject(type: EventType, subjectPrefix: string = EVENTS_SUBJECT_PREFIX): string {
  const head = `${EVENTS_SUBJECT_PREFIX}.`;
  if (!type.startsWith(head)) {
    throw new Error(`event type "${type}" does not start with "${head}"`);
  }
  return `${assertSubjectPrefix(subjectPrefix)}.${type.slice(head.length)}`;
}

/**
 * The type an event's subject names (eventSubject's inverse; a source-bound subject keeps its
 * source as a last token), or null for a subject outside `subjectPrefix`.
 */
export function eventTypeOfSubject(
  subject: string,
  subjectPrefix: string = EVENTS_SUBJECT_PREFIX,
): string | null {
  const head = `${subjectPrefix}.`;
  return subject.startsWith(head) ? `${EVENTS_SUBJECT_PREFIX}.${subject.slice(head.length)}` : null;
}

export function streamSubject(prefix: string): string {
  return `${assertSubjectPrefix(prefix)}.>`;
}

/** Dead letters are filed by consumer, then by the original subject: `deadletter.<durable>.<subject>`. */
export function deadLetterSubject(
  deadLetterPrefix: string,
  durable: string,
  originalSubject: string,
): string {
  return `${assertSubjectPrefix(deadLetterPrefix)}.${durable}.${originalSubject}`;
}

/**
 * Audit entries are published on `<subject>.<source service>`: the NATS permissions let a service
 * publish only its own, so the audit log learns who recorded an entry from the subject, not from
 * what the entry claims. (The bare subject, from before, is still read: only the audit service and
 * operators may publish it.)
 */
export const isSourceBound = (type: EventType): boolean => type === AUDIT_EVENT_TYPE;

/** The subject a service publishes an event on: the event's subject, plus its name if source-bound. */
export function publishSubject(
  type: EventType,
  subjectPrefix: string = EVENTS_SUBJECT_PREFIX,
  source?: string,
): string {
  const subject = eventSubject(type, subjectPrefix);
  return source && isSourceBound(type) ? `${subject}.${source}` : subject;
}

/** A consumer's filter for one event type (both subject forms of a source-bound one). */
export function eventFilterSubject(type: EventType, subjectPrefix: string = EVENTS_SUBJECT_PREFIX): string {
  const subject = eventSubject(type, subjectPrefix);
  // nats-server 2.9 takes one filter per consumer: `<subject without its last token>.>` covers
  // `<subject>` and `<subject>.<source>`; the consumer checks the subject exactly.
  return isSourceBound(type) ? `${subject.slice(0, subject.lastIndexOf('.'))}.>` : subject;
}

/**
 * Whether `subject` is one an event of `type` travels on, and the source service it names:
 * `{ source: null }` for the plain subject, `undefined` for a subject the type never uses.
 */
export function subjectSource(
  type: EventType,
  subject: string,
  subjectPrefix: string = EVENTS_SUBJECT_PREFIX,
): { source: string | null } | undefined {
  const expected = eventSubject(type, subjectPrefix);
  if (subject === expected) {
    return { source: null };
  }
  const tail = subject.startsWith(`${expected}.`) ? subject.slice(expected.length + 1) : '';
  return isSourceBound(type) && /^[a-z]+$/.test(tail) ? { source: tail } : undefined;
}
