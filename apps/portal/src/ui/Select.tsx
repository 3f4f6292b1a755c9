// A native select with its label and error. Native controls over suomifi's Dropdown where the list
// is short and fixed: the browser's own keyboard and screen-reader support, and simple to test.
import type { ReactNode, SelectHTMLAttributes } from 'react';
import { describedBy, FieldFrame } from './FieldFrame';

interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> {
  id: string;
  label: ReactNode;
  hint?: string;
  error?: string;
  onChange(value: string): void;
  children: ReactNode;
}

export function Select({ id, label, hint, error, onChange, children, ...rest }: SelectProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        className="field__select"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange(event.target.value)}
        {...rest}
      >
        {children}
      </select>
    </FieldFrame>
  );
}
