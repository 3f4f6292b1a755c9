// A stand-in for fetch in component tests (jsdom has no Response): each call gets the next answer
// and is recorded with its method and parsed body.
import { requestUrl } from './request-url';

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SentRequest {
  url: string;
  method: string;
  body: unknown;
  headers: Record<string, string>;
}

export function fakeFetch(answers: FakeAnswer[]): SentRequest[] {
  const sent: SentRequest[] = [];
  global.fetch = jest.fn((input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({
      url: requestUrl(input),
      method: init?.method ?? 'GET',
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : null,
      headers: (init?.headers ?? {}) as Record<string, string>,
    });
    const answer = answers[Math.min(sent.length, answers.length) - 1] ?? { status: 500 };
    const headers = new Map(Object.entries({ 'content-type': 'application/json', ...answer.headers }));
    return Promise.resolve({
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      statusText: String(answer.status),
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      json: () => Promise.resolve(answer.body),
    } as unknown as Response);
  }) as typeof fetch;
  return sent;
}
