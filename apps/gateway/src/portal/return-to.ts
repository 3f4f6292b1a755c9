// Where the browser goes after the login: a path on the portal's own origin, never elsewhere (an
// open redirect would let a phishing link borrow the portal's login page).

const MAX_LENGTH = 2048;

const hasControlCharacter = (value: string): boolean =>
  [...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

/**
 * The returnTo path if it is a relative path on this origin: starts with one `/`, no `//` or `/\`
 * (browsers read both as another host), no backslash, control character or whitespace at all.
 * null otherwise.
 */
export function safeReturnTo(value: unknown, origin: string): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) {
    return null;
  }
  if (
    !value.startsWith('/') ||
    value.startsWith('//') ||
    /[\\\s]/.test(value) ||
    hasControlCharacter(value)
  ) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  // The last word: whatever a URL parser makes of it must stay on the origin.
  return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : null;
}
