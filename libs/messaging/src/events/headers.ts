// NATS header values are single lines; a stray newline would make the publish throw, and an
// outbox row that can never be published would hold up every row behind it.
export function toHeaderValue(value: string, maxLength = 1_000): string {
  return value.replace(/[\r\n]+/g, ' ').slice(0, maxLength);
}
