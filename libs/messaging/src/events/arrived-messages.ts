import type { JsMsg } from '@nats-io/jetstream';

const NOT_YET = Symbol('not yet');

/**
 * The consumer's messages, with a way to take one only if it has already arrived. (The library's
 * `getPending()` cannot tell: it counts its internal pull callbacks too, and a batch waiting on
 * it for a message that was not there held the end of a burst until ack_wait redelivered it.)
 */
export class ArrivedMessages {
  /** A `next()` asked for but not there yet: the next caller gets it. */
  private waiting: Promise<IteratorResult<JsMsg>> | null = null;

  constructor(private readonly iterator: AsyncIterator<JsMsg>) {}

  next(): Promise<IteratorResult<JsMsg>> {
    const next = this.waiting ?? this.iterator.next();
    this.waiting = null;
    return next;
  }

  /** `first` and the messages already received after it, up to `most` in all. */
  async withArrived(first: JsMsg, most: number): Promise<JsMsg[]> {
    const batch = [first];
    while (batch.length < most) {
      const next = await this.nextIfArrived();
      if (!next) {
        break;
      }
      batch.push(next);
    }
    return batch;
  }

  /** A message already received, or null (without waiting for one). */
  async nextIfArrived(): Promise<JsMsg | null> {
    const next = this.next();
    // A received message resolves within microtasks; setImmediate runs after them.
    const first = await Promise.race([
      next,
      new Promise<typeof NOT_YET>((resolve) => setImmediate(() => resolve(NOT_YET))),
    ]);
    if (first === NOT_YET || first.done) {
      this.waiting = next;
      return null;
    }
    return first.value;
  }
}
