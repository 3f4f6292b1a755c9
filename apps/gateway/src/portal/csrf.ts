// CSRF protection of requests that ride on the session cookie: the browser sends the cookie with any
// request to this origin, so a state-changing one must also prove it comes from the portal's own
// page (the X-CSRF-Token only it can read from /auth/session) and from the same origin.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isStateChanging = (method: string): boolean => !SAFE_METHODS.has(method.toUpperCase());

/** Equality in constant time, whatever the lengths (both sides are hashed first). */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b)) && a.length === b.length;
}

const single = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? undefined : value;

/**
 * Why a state-changing cookie request is refused, or null when it may pass: the request must come
 * from the public origin (`Origin`, or `Sec-Fetch-Site: same-origin` where a browser sends no Origin)
 * and carry the session's CSRF token.
 */
export function csrfRefusal(
  headers: IncomingHttpHeaders,
  sessionToken: string,
  publicOrigin: string,
): string | null {
  const origin = single(headers.origin);
  const fetchSite = single(headers['sec-fetch-site']);
  const sameOrigin = origin !== undefined ? origin === publicOrigin : fetchSite === 'same-origin';
  if (!sameOrigin) {
    return 'The request does not come from the portal’s origin';
  }
  const token = single(headers[CSRF_HEADER]);
  if (token === undefined || token === '' || !constantTimeEqual(token, sessionToken)) {
    return 'The request lacks the session’s X-CSRF-Token';
  }
  return null;
}
