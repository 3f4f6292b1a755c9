// Text into HTML: the one escaper of every HTML the platform writes (documents, e-mails, the dev
// identity provider's login page). A module of its own, imported as `#i18n/escape-html`, so that
// light libraries use it without loading the PDF writer.
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe as element text and inside a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}
