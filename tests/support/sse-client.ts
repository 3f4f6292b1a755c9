import { eventually } from '#testing';

export interface SseEvent {
  id: string | null;
  event: string;
  data: { type?: string; eventId?: string; data?: Record<string, unknown>; position?: number };
  receivedAt: number;
}

/**
 * A Server-Sent Events client for `GET /api/v1/stream` over fetch, as the portal's EventSource
 * would be; it also notes when the server ends the stream.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  /** When the stream ended (the server closed it, or `close()`); null while it is open. */
  endedAt: number | null = null;

  private constructor(
    readonly status: number,
    private readonly abort: AbortController,
  ) {}

  static async open(
    baseUrl: string,
    token: string | null,
    headers: Record<string, string> = {},
  ): Promise<SseClient> {
    const abort = new AbortController();
    const res = await fetch(`${baseUrl}/api/v1/stream`, {
      headers: {
        Accept: 'text/event-stream',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      signal: abort.signal,
    });
    const client = new SseClient(res.status, abort);
    if (res.ok && res.body) {
      void client.read(res.body);
    }
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of frame.split('\n')) {
            const colon = line.indexOf(':');
            if (colon > 0) {
              fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
            }
          }
          if (fields.has('data')) {
            this.events.push({
              id: fields.get('id') ?? null,
              event: fields.get('event') ?? 'message',
              data: JSON.parse(fields.get('data')!) as SseEvent['data'],
              receivedAt: Date.now(),
            });
          }
        }
      }
    } catch {
      // aborted
    }
    this.endedAt = Date.now();
  }

  ofType(type: string): SseEvent[] {
    return this.events.filter((e) => e.data.type === type);
  }

  /** Referral events of one referral (not the notifications about it). */
  about(referralId: string): SseEvent[] {
    return this.events.filter(
      (e) => e.event.startsWith('referrals.') && e.data.data?.referralId === referralId,
    );
  }

  async ready(): Promise<SseEvent> {
    return eventually(() => {
      const ready = this.events.find((e) => e.event === 'ready');
      if (!ready) {
        throw new Error('no ready event yet');
      }
      return ready;
    });
  }

  close(): void {
    this.abort.abort();
  }
}
