// A native text input (or textarea) with its label, hint and error, the hint and error named by
// aria-describedby: the portal's own forms and filters share it.
import type { InputHTMLAttributes, ReactNode } from 'react';
import { describedBy, FieldFrame } from './FieldFrame';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  id: string;
  label: ReactNode;
  value: string;
  hint?: string;
  error?: string;
  multiline?: boolean;
  /** The error is announced as it appears (a field with no error summary to say it: a filter). */
  alertError?: boolean;
  onChange(value: string): void;
}

export function TextField({
  id,
  label,
  value,
  hint,
  error,
  multiline,
  alertError,
  onChange,
  ...rest
}: TextFieldProps) {
  const common = {
    id,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
  };
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} alertError={alertError}>
      {multiline ? (
        <textarea
          {...common}
          className="field__textarea"
          rows={3}
          required={rest.required}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <input
          {...rest}
          {...common}
          className="field__input"
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}
