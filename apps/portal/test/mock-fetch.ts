// fetch for component tests: each call recorded and answered by the test (jsdom has no fetch).
import { requestUrl } from './request-url';

export interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Answer {
  status: number;
  body: unknown;
}

/**
 * fetch answered by `respond`, which may hold an answer back (a promise) to show the page while it
 * waits; every call recorded.
 */
export function mockFetch(respond: (call: Call) => Answer | Promise<Answer>): Call[] {
  const calls: Call[] = [];
  global.fetch = jest.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const call: Call = {
      url: requestUrl(input),
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    // A Response as far as the API client reads one (jsdom has no fetch of its own).
    return Promise.resolve(respond(call)).then(
      ({ status, body }) =>
        ({
          ok: status >= 200 && status < 300,
          status,
          statusText: String(status),
          headers: { get: (name: string) => (name.toLowerCase() === 'etag' ? `"${status}"` : null) },
          json: () => Promise.resolve(body),
        }) as unknown as Response,
    );
  }) as typeof fetch;
  return calls;
}
