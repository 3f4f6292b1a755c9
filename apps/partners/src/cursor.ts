import { AppError } from '#contracts';

export const DEFAULT_PAGE_SIZE = 50;

/** Keyset cursors: the sort key of the last item of a page, opaque to the caller. */
export function encodeCursor(key: [string, string]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): [string, string] | null {
  if (cursor === undefined || cursor === '') {
    return null;
  }
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION.FAILED', 'The cursor is not valid', [
    { field: 'cursor', reasons: ['cursor must be a value from nextCursor'] },
  ]);
}
