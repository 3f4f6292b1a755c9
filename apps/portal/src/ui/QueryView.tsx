import type { UseInfiniteQueryResult, UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LoadError, Loading } from './Loading';

/**
 * A query's three faces in one place: "loading", its error, or what `children` makes of the data
 * (or `empty` when `isEmpty` says there is nothing to show). `error` replaces the default message
 * where a screen words a refusal itself.
 */
export function QueryView<TData>({
  query,
  isEmpty,
  empty,
  error,
  children,
}: {
  query: UseQueryResult<TData> | UseInfiniteQueryResult<TData>;
  isEmpty?: (data: TData) => boolean;
  empty?: ReactNode;
  error?: (error: Error) => ReactNode;
  children: (data: TData) => ReactNode;
}) {
  if (query.isPending) {
    return <Loading />;
  }
  if (query.isError) {
    return error ? error(query.error) : <LoadError error={query.error} />;
  }
  if (isEmpty?.(query.data)) {
    return empty;
  }
  return children(query.data);
}
