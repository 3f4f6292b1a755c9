// The one way the portal talks to the gateway: same-origin fetch riding on the session cookie, the
// CSRF token on every state-changing call, and errors parsed into one shape the screens can show.

export interface FieldError {
  field: string;
  reasons: string[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly correlationId: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field errors from a 400 VALIDATION.FAILED (`details: [{ field, reasons }]`). */
  get fieldErrors(): FieldError[] {
    if (!Array.isArray(this.details)) {
      return [];
    }
    return this.details.filter(
      (entry): entry is FieldError =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as FieldError).field === 'string' &&
        Array.isArray((entry as FieldError).reasons),
    );
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record's id as the API writes them; anything else in an address names no record. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * The API has no such record for the caller: a 404, or a 400 on a page's own address (an id that is
 * not an id, from a hand-edited link), which names nothing there is either.
 */
export function isMissingRecord(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.code === 'VALIDATION.FAILED');
}

/** Someone else saved first: the version the save was based on is no longer the newest (412). */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 412 || error.code === 'RESOURCE.PRECONDITION_FAILED');
}

let csrfToken: string | null = null;
let lastActivityAt = 0;

/** When the gateway last answered a request of this page (each one keeps the session alive). */
export function lastActivity(): number {
  return lastActivityAt;
}

/** Set from GET /auth/session; sent as X-CSRF-Token on POST, PUT, PATCH and DELETE. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) {
    return path;
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function parseError(response: Response): Promise<ApiError> {
  const correlationId = response.headers.get('X-Correlation-Id');
  const body: unknown = await response.json().catch(() => null);
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return new ApiError(
    response.status,
    typeof record.code === 'string' ? record.code : `HTTP.${response.status}`,
    typeof record.message === 'string' ? record.message : response.statusText,
    record.details,
    typeof record.correlationId === 'string' ? record.correlationId : correlationId,
  );
}

/** A request to the gateway; `path` is absolute (`/api/v1/...` or `/auth/...`). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, 'NETWORK.UNAVAILABLE', 'The network request failed', undefined, null);
  }
  if (!response.ok) {
    throw await parseError(response);
  }
  lastActivityAt = Date.now();
  const data = (response.status === 204 ? undefined : await response.json()) as T;
  return { data, etag: response.headers.get('ETag') };
}

export const api = {
  get: async <T>(path: string, query?: RequestOptions['query']) => (await request<T>(path, { query })).data,
  post: async <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    (await request<T>(path, { method: 'POST', body: body ?? {}, headers })).data,
  put: async <T>(path: string, body: unknown) => (await request<T>(path, { method: 'PUT', body })).data,
  patch: async <T>(path: string, body: unknown, headers?: Record<string, string>) =>
    (await request<T>(path, { method: 'PATCH', body, headers })).data,
};

/** Where the login goes, coming back to `returnTo` (a path on this origin). */
export function loginUrl(returnTo: string, lang?: string): string {
  return withQuery('/auth/login', { returnTo, lang });
}
