import { AppError } from '#contracts';

/** An opaque keyset cursor: the sort time and id of the last row of a page. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!id || Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new AppError('VALIDATION.FAILED', 'The cursor is invalid', [
      { field: 'cursor', reasons: ['invalid'] },
    ]);
  }
  return { at: date, id };
}
