// Logs in to the portal the way a browser does, with fetch: the gateway's /auth/login, the dev
// identity provider's login form (username, password), the callback, then /auth/session. Cookies
// are kept per host, redirects followed one by one. For system tests and the portal's browser tests.

/** Cookies per host, as a browser keeps them (path and expiry are ignored: tests are short). */
export class CookieJar {
  private readonly hosts = new Map<string, Map<string, string>>();

  store(url: string, res: Response): void {
    const host = new URL(url).host;
    const cookies = this.hosts.get(host) ?? new Map<string, string>();
    this.hosts.set(host, cookies);
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => {
        const [key, val = ''] = a.trim().split('=');
        return (
          (key.toLowerCase() === 'max-age' && Number(val) <= 0) ||
          (key.toLowerCase() === 'expires' && Date.parse(val) < Date.now())
        );
      });
      if (expired || value === '') {
        cookies.delete(name);
      } else {
        cookies.set(name, value);
      }
    }
  }

  get(url: string, name: string): string | undefined {
    return this.hosts.get(new URL(url).host)?.get(name);
  }

  header(url: string): string {
    return [...(this.hosts.get(new URL(url).host) ?? new Map<string, string>()).entries()]
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }

  /** GET (or POST a form) without following redirects, cookies sent and kept. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie !== '') {
      headers.set('Cookie', cookie);
    }
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(url, res);
    return res;
  }
}

const isRedirect = (res: Response) => res.status >= 300 && res.status < 400;

function location(res: Response, base: string): string {
  const target = res.headers.get('location');
  if (!target) {
    throw new Error(`HTTP ${res.status} from ${base} has no Location`);
  }
  return new URL(target, base).href;
}

const unescapeHtml = (value: string) =>
  value.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');

/** Starts a login at the gateway: the IdP URL it redirects to (the jar keeps the login cookie). */
export async function startPortalLogin(
  gatewayUrl: string,
  jar: CookieJar,
  query: { returnTo?: string; lang?: string } = {},
): Promise<string> {
  const url = new URL('/auth/login', gatewayUrl);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) {
      url.searchParams.set(key, value);
    }
  }
  const res = await jar.fetch(url.href);
  if (res.status !== 302) {
    throw new Error(`GET /auth/login answered ${res.status}: ${await res.text()}`);
  }
  return location(res, url.href);
}

/**
 * Signs in at the identity provider's login form and follows it until it redirects back to the
 * gateway: that callback URL (not fetched).
 */
export async function signInAtIdp(
  authorizeUrl: string,
  jar: CookieJar,
  username: string,
  password = 'demo',
): Promise<string> {
  const idpOrigin = new URL(authorizeUrl).origin;
  let url = authorizeUrl;
  let submitted = false;
  for (let step = 0; step < 10; step++) {
    const res = await jar.fetch(url);
    if (isRedirect(res)) {
      url = location(res, url);
      if (new URL(url).origin !== idpOrigin) {
        return url;
      }
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || action === undefined || submitted) {
      throw new Error(`the identity provider answered ${res.status} without a login form to post`);
    }
    const post = await jar.fetch(new URL(unescapeHtml(action), url).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }),
    });
    submitted = true;
    if (!isRedirect(post)) {
      throw new Error(`signing in as ${username} failed: HTTP ${post.status}`);
    }
    url = location(post, url);
    if (new URL(url).origin !== idpOrigin) {
      return url;
    }
  }
  throw new Error('the identity provider redirected too many times');
}

export interface PortalLogin {
  /** The gateway the login ran on (its PORTAL_URL). */
  origin: string;
  /** The session cookie's name (moni_session, or __Host-moni_session on https) and value. */
  cookieName: string;
  sessionId: string;
  /** `Cookie` header value with the session cookie. */
  cookie: string;
  csrfToken: string;
  /** Where the callback redirected to (the returnTo). */
  landedOn: string;
  /** Headers for a request on the cookie: state-changing ones also get Origin and X-CSRF-Token. */
  headers(method?: string): Record<string, string>;
  /** A request to the gateway (or another replica's base URL) on the session cookie. */
  request(method: string, path: string, body?: unknown, baseUrl?: string): Promise<Response>;
}

/** The whole login through the real flow: returns the session cookie and its CSRF token. */
export async function portalLogin(
  gatewayUrl: string,
  username: string,
  options: { password?: string; returnTo?: string; lang?: string } = {},
): Promise<PortalLogin> {
  const jar = new CookieJar();
  const authorizeUrl = await startPortalLogin(gatewayUrl, jar, options);
  const callbackUrl = await signInAtIdp(authorizeUrl, jar, username, options.password);
  const callback = await jar.fetch(callbackUrl);
  if (callback.status !== 303) {
    throw new Error(`the login callback answered ${callback.status}: ${await callback.text()}`);
  }
  const cookieName = callback.headers
    .getSetCookie()
    .map((line) => line.split('=')[0])
    .find((name) => name.endsWith('moni_session'));
  const sessionId = cookieName ? jar.get(gatewayUrl, cookieName) : undefined;
  if (!cookieName || !sessionId) {
    throw new Error('the login callback set no session cookie');
  }
  const cookie = `${cookieName}=${sessionId}`;
  const sessionRes = await fetch(new URL('/auth/session', gatewayUrl), { headers: { Cookie: cookie } });
  const session = (await sessionRes.json()) as { csrfToken?: string };
  if (!sessionRes.ok || !session.csrfToken) {
    throw new Error(`GET /auth/session answered ${sessionRes.status}`);
  }
  const origin = new URL(gatewayUrl).origin;
  const csrfToken = session.csrfToken;
  const headers = (method = 'GET'): Record<string, string> =>
    ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())
      ? { Cookie: cookie }
      : { Cookie: cookie, Origin: origin, 'X-CSRF-Token': csrfToken };
  return {
    origin,
    cookieName,
    sessionId,
    cookie,
    csrfToken,
    landedOn: location(callback, callbackUrl),
    headers,
    request: (method, path, body, baseUrl = gatewayUrl) =>
      fetch(new URL(path, baseUrl), {
        method,
        headers: {
          ...headers(method),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
}
