// Native form controls with their label, hint and error, and the API's field errors mapped onto
// them (the administration forms name their fields in their own words, not the API's paths).
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { errorMessage, reasonsInWords, type FormError } from '../../ui/FormErrors';

export { TextField } from '../../ui/TextField';

export function CheckboxField({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  return (
    <div className="field field--checkbox">
      <label htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
        />{' '}
        {label}
      </label>
    </div>
  );
}

/** A group of checkboxes (needs, languages): a fieldset whose first box takes the group's errors. */
export function CheckboxGroup<T extends string>({
  id,
  legend,
  options,
  selected,
  labelOf,
  error,
  onChange,
}: {
  id: string;
  legend: ReactNode;
  options: readonly T[];
  selected: readonly T[];
  labelOf(option: T): string;
  error?: string;
  onChange(selected: T[]): void;
}) {
  return (
    <fieldset className="field" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field__label">{legend}</legend>
      <ul className="choice-list">
        {options.map((option, index) => (
          <li key={option}>
            <label>
              <input
                id={index === 0 ? id : `${id}-${option}`}
                type="checkbox"
                checked={selected.includes(option)}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? [...selected, option]
                      : selected.filter((value) => value !== option),
                  )
                }
              />{' '}
              {labelOf(option)}
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      )}
    </fieldset>
  );
}

export interface FieldMap {
  /** The API's field (its root, e.g. `name` for `name.fi`, or the full path) → input id and label. */
  [apiField: string]: { id: string; label: string };
}

/**
 * An API refusal as form errors: each `details` entry on the input it names (the longest matching
 * path wins: `name.sv` before `name`), in the form's words; any other refusal as one general error.
 */
export function formErrors(error: unknown, t: TFunction, fields: FieldMap): FormError[] {
  if (!(error instanceof ApiError) || error.fieldErrors.length === 0) {
    return [{ inputId: null, text: adminErrorMessage(error, t) }];
  }
  return error.fieldErrors.map((entry) => {
    const path = entry.field.replace(/\[(\d+)\]/g, '.$1');
    const parts = path.split('.');
    let match: { id: string; label: string } | undefined;
    for (let length = parts.length; length > 0 && !match; length--) {
      match = fields[parts.slice(0, length).join('.')];
    }
    return {
      inputId: match?.id ?? null,
      text: t('errors.field', {
        field: match?.label ?? entry.field,
        reason: reasonsInWords(
          entry.reasons.map((reason) => adminReason(reason, t)),
          t,
        ),
      }),
    };
  });
}

/**
 * The administration API's own reasons, said in the interface's language (the shared ones are in
 * ui/reasons.ts): `role must be org_admin` (a platform admin invites only an administrator).
 */
function adminReason(reason: string, t: TFunction): string {
  const role = / must be (advisor|partner_staff|org_admin)$/.exec(reason)?.[1];
  return role ? t('orgAdmin.invite.mustBeRole', { role: t(`role.${role}`) }) : reason;
}

/** A refusal in words: the administration's own texts for its codes (MEMBER.SELF_CHANGE, ...) first. */
export function adminErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const own = t(`orgAdmin.errorCodes.${error.code}`, { defaultValue: '' });
    if (own) {
      return error.correlationId ? `${own} ${t('errors.reference', { id: error.correlationId })}` : own;
    }
  }
  return errorMessage(error, t);
}
