import { AppError, parsePersonalIdentityCode } from '#contracts';

/** What a search box holds: an identity code, a date of birth, or (parts of) a name. */
export type ClientQuery =
  | { kind: 'all' }
  | { kind: 'identity_code'; code: string }
  | { kind: 'date_of_birth'; date: string }
  | { kind: 'name'; terms: string[] };

const IDENTITY_CODE_SHAPE = /^\d{6}\S\d{3}[0-9A-Za-z]$/;

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? date.toISOString().slice(0, 10)
    : null;
}

/** Year, month and day of a search typed as an ISO (2024-01-31) or a Finnish (31.1.2024) date. */
function dateParts(text: string): { year: number; month: number; day: number } | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) {
    return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  }
  const finnish = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (finnish) {
    return { year: Number(finnish[3]), month: Number(finnish[2]), day: Number(finnish[1]) };
  }
  return null;
}

export function parseClientQuery(q: string | undefined): ClientQuery {
  const text = q?.trim() ?? '';
  if (text === '') {
    return { kind: 'all' };
  }
  if (IDENTITY_CODE_SHAPE.test(text)) {
    const parsed = parsePersonalIdentityCode(text);
    if (!parsed.valid) {
      throw new AppError('VALIDATION.FAILED', 'The search is not a valid identity code', [
        { field: 'q', reasons: [parsed.message.replace('personalIdentityCode', 'q')] },
      ]);
    }
    return { kind: 'identity_code', code: parsed.code };
  }
  const parts = dateParts(text);
  if (parts) {
    const date = isoDate(parts.year, parts.month, parts.day);
    if (date === null) {
      throw new AppError('VALIDATION.FAILED', 'The search is not an existing date', [
        { field: 'q', reasons: ['q must be an existing date'] },
      ]);
    }
    return { kind: 'date_of_birth', date };
  }
  return { kind: 'name', terms: text.toLowerCase().split(/\s+/).slice(0, 5) };
}

/** `%` and `_` in a search term match themselves. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
