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

  /**
   * `first` and the messages received after it, up to `most` in all: those already there, and those
   * that arrive within `lingerMs` of now (0: never waiting for one).
   */
  async withArrived(first: JsMsg, most: number, lingerMs = 0): Promise<JsMsg[]> {
    const batch = [first];
    const deadline = performance.now() + lingerMs;
    while (batch.length < most) {
      const next = await this.nextIfArrived(Math.max(0, deadline - performance.now()));
      if (!next) {
        break;
      }
      batch.push(next);
    }
    return batch;
  }

  /** A message received already, or within `withinMs`; else null. */
  async nextIfArrived(withinMs = 0): Promise<JsMsg | null> {
    const next = this.next();
    let timer: NodeJS.Timeout | undefined;
    // A received message resolves within microtasks; setImmediate runs after them.
    const notYet = new Promise<typeof NOT_YET>((resolve) => {
      if (withinMs >= 1) {
        timer = setTimeout(() => resolve(NOT_YET), withinMs);
      } else {
        setImmediate(() => resolve(NOT_YET));
      }
    });
    const first = await Promise.race([next, notYet]);
    clearTimeout(timer);
    if (first === NOT_YET || first.done) {
      this.waiting = next;
      return null;
    }
    return first.value;
  }
}
