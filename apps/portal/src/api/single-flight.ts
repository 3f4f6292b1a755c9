// useMutation whose mutate() does nothing while a call is in flight. A double click delivers both
// clicks before isPending has re-rendered the button disabled, so `disabled={isPending}` alone lets
// the second request through (two organisations created, a second erasure answered 409).
import {
  useMutation,
  type DefaultError,
  type UseMutationOptions,
  type UseMutationResult,
} from '@tanstack/react-query';
import { useRef } from 'react';

export function useSingleFlightMutation<TData, TError = DefaultError, TContext = unknown>(
  options: UseMutationOptions<TData, TError, void, TContext>,
): UseMutationResult<TData, TError, void, TContext> {
  const mutation = useMutation(options);
  // A ref, not state: it is set before the second click's handler runs, without waiting for a render.
  const inFlight = useRef(false);
  return {
    ...mutation,
    mutate: (variables, mutateOptions) => {
      if (inFlight.current) {
        return;
      }
      inFlight.current = true;
      // As useMutation's own mutate: the error is in mutation.error, not a rejection to handle here.
      void mutation
        .mutateAsync(variables, mutateOptions)
        .catch(() => undefined)
        .finally(() => {
          inFlight.current = false;
        });
    },
  };
}
