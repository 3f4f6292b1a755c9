import { EVENTS_SUBJECT_PREFIX, type EventType } from '#contracts';

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
