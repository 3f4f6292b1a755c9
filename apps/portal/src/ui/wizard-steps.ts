// A wizard's step in the address (`?step=2`): the browser's Back and Forward move between the
// steps, as between pages, instead of leaving the wizard with what was written in it; the values
// stay in the wizard's state. Only steps reached in this visit are shown: a reload, a shared
// link or Forward past a changed value opens the furthest step the values have passed through.
// Each step's history entry remembers the step it was reached from, so that the wizard's own Back
// is the browser's Back when it goes there: Forward then returns, as after the browser's Back.
import { useNavigate, useRouter, useRouterState, useSearch } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import type { FormError } from './FormErrors';

/** `?step=` as the routes' validateSearch keep it: a whole number from 2 (step 1 has none). */
export function wizardStepParam(value: unknown): number | undefined {
  const step = typeof value === 'string' ? Number(value) : value;
  return typeof step === 'number' && Number.isInteger(step) && step >= 2 && step <= 20 ? step : undefined;
}

export interface WizardSteps {
  /** The step shown, from 0. */
  step: number;
  /** Moves to a step (a new entry in the browser's history); the errors shown are cleared. */
  goTo(target: number): void;
  /**
   * Goes back to an earlier step: the browser's Back when this step was reached from it (so that
   * Forward returns here), otherwise as `goTo`.
   */
  back(target: number): void;
  /** The errors shown, those of the step they were found on. */
  errors: FormError[];
  /** Shows errors on a step (by default the current one), moving there if need be. */
  showErrors(errors: FormError[], atStep?: number): void;
  /** A value changed on this step: the steps after it must be passed through again. */
  changed(): void;
  /** The step's heading: focus moves there when the step changes, unless errors are shown. */
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}

/** What a step's history entry keeps: the step (from 0) it was reached from. */
interface StepEntryState {
  wizardFrom?: number;
}

export function useWizardSteps(): WizardSteps {
  const navigate = useNavigate();
  const router = useRouter();
  const reachedFrom = useRouterState({
    select: (state) => (state.location.state as StepEntryState).wizardFrom,
  });
  const search: { step?: unknown } = useSearch({ strict: false });
  const asked = (wizardStepParam(search.step) ?? 1) - 1;
  const [reached, setReached] = useState(0);
  const [shownErrors, setShownErrors] = useState<{ at: number; errors: FormError[] }>({ at: -1, errors: [] });
  const step = Math.min(asked, reached);
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const shownStep = useRef(step);

  const toStep = (target: number, replace = false) =>
    void navigate({
      search: (previous: Record<string, unknown>) => ({
        ...previous,
        step: target > 0 ? target + 1 : undefined,
      }),
      replace,
      state: replace ? undefined : ({ wizardFrom: step } satisfies StepEntryState),
    } as Parameters<typeof navigate>[0]);

  useEffect(() => {
    if (asked > reached) {
      // Not reached in this visit: the address says where the wizard is.
      toStep(reached, true);
    }
  });

  const errors = shownErrors.at === step ? shownErrors.errors : [];
  useEffect(() => {
    if (shownStep.current === step) {
      return;
    }
    shownStep.current = step;
    if (errors.length === 0) {
      headingRef.current?.focus();
    }
  }, [step, errors.length]);

  const goTo = (target: number) => {
    setShownErrors({ at: -1, errors: [] });
    setReached((current) => Math.max(current, target));
    if (target !== step) {
      toStep(target);
    }
  };

  return {
    step,
    goTo,
    back(target) {
      if (reachedFrom !== target) {
        goTo(target);
        return;
      }
      setShownErrors({ at: -1, errors: [] });
      router.history.back();
    },
    errors,
    showErrors(found, atStep = step) {
      setShownErrors({ at: atStep, errors: found });
      if (atStep !== step) {
        toStep(atStep);
      }
    },
    changed() {
      setReached(step);
    },
    headingRef,
  };
}
