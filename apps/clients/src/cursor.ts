import { AppError } from '#contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keyset cursors: the id of the last item of a page (never a name), opaque to the caller. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined || cursor === '') {
    return null;
  }
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID.test(id)) {
    throw new AppError('VALIDATION.FAILED', 'The cursor is not valid', [
      { field: 'cursor', reasons: ['cursor must be a value from nextCursor'] },
    ]);
  }
  return id;
}
