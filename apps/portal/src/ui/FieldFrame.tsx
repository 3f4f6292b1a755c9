// What every one of the portal's own form fields has around its control: the label, the hint and
// the error, with the ids the control names in aria-describedby (`describedBy`).
import type { ReactNode } from 'react';

/** The control's aria-describedby: its hint and its error, where it has them. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

export function FieldFrame({
  id,
  label,
  hint,
  error,
  alertError,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: string;
  error?: string;
  /** The error is announced as it appears (a field with no error summary to say it: a filter). */
  alertError?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {hint && (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      )}
      {children}
      {error && (
        <span id={`${id}-error`} className="field__error" role={alertError ? 'alert' : undefined}>
          {error}
        </span>
      )}
    </div>
  );
}
