// The portal's cookies. On https the names carry the `__Host-` prefix, which browsers accept only
// with Secure, Path=/ and no Domain: no subdomain can set or shadow them.
import type { CookieOptions, Response } from 'express';

export interface PortalCookies {
  session: string;
  login: string;
  secure: boolean;
}

export function portalCookies(publicUrl: string): PortalCookies {
  const secure = new URL(publicUrl).protocol === 'https:';
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}moni_session`, login: `${prefix}moni_login`, secure };
}

/** HttpOnly (no script reads it), SameSite=Lax (sent on top-level navigations only, not on cross-site posts). */
export const cookieOptions = (cookies: PortalCookies, maxAgeMs?: number): CookieOptions => ({
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  secure: cookies.secure,
  ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }),
});

export function clearCookie(res: Response, cookies: PortalCookies, name: string): void {
  res.clearCookie(name, cookieOptions(cookies));
}

/** One cookie's value from a Cookie header (the first, if sent twice), or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) {
    return null;
  }
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return null;
      }
    }
  }
  return null;
}
