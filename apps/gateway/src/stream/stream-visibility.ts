// Who may see which event on the live stream. Events carry ids and codes only; this decides
// whether the viewer's organisation or the viewer is a party to it.
import type { Envelope } from '#contracts';

export interface StreamViewer {
  userId: string;
  /** The organisation the connection is bound to (null: the user acts for none). */
  organisationId: string | null;
}

/** What a stream client receives: never the event's actor (names), only its type, time and ids. */
export interface StreamEvent {
  /** The JetStream stream sequence: the SSE id, and where a reconnect resumes from. */
  seq: number;
  type: string;
  eventId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const REFERRAL_EVENTS = 'events.referrals.';
const NOTIFICATION_EVENTS = 'events.notifications.notification.';

/** Whether anyone may be shown events of this type: the rest of the stream (audit entries, most of it) is not even parsed. */
export function mayBeVisible(type: string): boolean {
  return type.startsWith(REFERRAL_EVENTS) || type.startsWith(NOTIFICATION_EVENTS);
}

export function isVisibleTo(
  viewer: StreamViewer,
  envelope: Pick<Envelope<unknown>, 'type' | 'data'>,
): boolean {
  const data = (envelope.data ?? {}) as Record<string, unknown>;
  if (envelope.type.startsWith(REFERRAL_EVENTS)) {
    // The sending organisation's outbox and the receiving organisation's inbox.
    const parties = [text(data.sendingOrganisationId), text(data.receivingOrganisationId)];
    return viewer.organisationId !== null && parties.includes(viewer.organisationId);
  }
  if (envelope.type.startsWith(NOTIFICATION_EVENTS)) {
    return text(data.userId) === viewer.userId;
  }
  return false;
}

/** The SSE frame of one event: `id`, `event` (the type without `events.`), `data` (JSON, one line). */
export function formatSse(event: StreamEvent): string {
  const name = event.type.replace(/^events\./, '');
  const body = JSON.stringify({
    type: event.type,
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    data: event.data,
  });
  return `id: ${event.seq}\nevent: ${name}\ndata: ${body}\n\n`;
}
