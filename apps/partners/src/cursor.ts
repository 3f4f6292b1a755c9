import { isStringPair, type CursorScope } from '#service-core';

export const DEFAULT_PAGE_SIZE = 50;

/** The partners lists' keyset position: a sort key and the id of the last item of a page. */
export const isSortKey = isStringPair;

/** A list's cursor scope: the list and the caller's organisation (null for a platform administrator). */
export const scopeOf = (list: string, organisationId: string | null): CursorScope => ({
  list,
  organisationId,
});
