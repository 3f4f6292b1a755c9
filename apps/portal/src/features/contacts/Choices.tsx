// A row of native radio buttons or checkboxes in a fieldset ("chips"): one tab stop for radios
// with arrow keys between them, Space to tick a checkbox: the fastest way through a short list.
import type { ReactNode } from 'react';

interface ChoicesProps<T extends string> {
  /** Each input's id is `${idPrefix}-${code}`; the first one is what an error summary links to. */
  idPrefix: string;
  legend: ReactNode;
  codes: readonly T[];
  label(code: T): string;
  error?: string;
}

interface RadioProps<T extends string> extends ChoicesProps<T> {
  type: 'radio';
  value: T;
  onChange(value: T): void;
}

interface CheckboxProps<T extends string> extends ChoicesProps<T> {
  type: 'checkbox';
  value: T[];
  onChange(value: T[]): void;
}

export function Choices<T extends string>(props: RadioProps<T> | CheckboxProps<T>) {
  const { idPrefix, legend, codes, label, error } = props;
  const checked = (code: T) => (props.type === 'radio' ? props.value === code : props.value.includes(code));
  const toggle = (code: T, on: boolean) => {
    if (props.type === 'radio') {
      props.onChange(code);
    } else {
      props.onChange(on ? [...props.value, code] : props.value.filter((entry) => entry !== code));
    }
  };
  return (
    <fieldset className="choices" aria-describedby={error ? `${idPrefix}-error` : undefined}>
      <legend className="field__label">{legend}</legend>
      {error && (
        <span id={`${idPrefix}-error`} className="field__error">
          {error}
        </span>
      )}
      <div className="choices__options">
        {codes.map((code) => (
          <label key={code} className="choices__option" htmlFor={`${idPrefix}-${code}`}>
            <input
              id={`${idPrefix}-${code}`}
              type={props.type}
              name={idPrefix}
              value={code}
              checked={checked(code)}
              onChange={(event) => toggle(code, event.target.checked)}
            />
            <span>{label(code)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
