// Errors of a form: the summary at its top (focus moves there), field errors from the API's
// `details: [{ field, reasons }]`, and a message for any other refusal. The form keeps its values.
import type { TFunction } from 'i18next';
import { ErrorSummary } from 'suomifi-ui-components';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export interface FormError {
  /** The form control's id (the summary links to it), or null for the form as a whole. */
  inputId: string | null;
  text: string;
}

/**
 * The API's reasons are class-validator's English sentences ("email must be an email"): the usual
 * ones, recognised here, are said in the interface's language; any other stays as the API wrote it.
 */
const REASONS: ReadonlyArray<[RegExp, string]> = [
  [/ should not be empty$/, 'required'],
  [/ must be an email$/, 'email'],
  [/ must be an integer number$/, 'integer'],
  [/ must not be greater than (?<max>\d+)$/, 'max'],
  [/ must not be less than (?<min>\d+)$/, 'min'],
  [/ must be shorter than or equal to (?<max>\d+) characters$/, 'maxLength'],
  [/ must be longer than or equal to (?<min>\d+) characters$/, 'minLength'],
  [/ must be one of the following values: /, 'oneOf'],
  [/ must be a valid ISO 8601 date string$/, 'date'],
  [/ must contain at least (?<min>\d+) elements$/, 'minItems'],
  [/ must be a UUID$/, 'uuid'],
  [/ must be a Finnish business ID/, 'businessId'],
];

export function reasonInWords(reason: string, t: TFunction): string {
  for (const [pattern, key] of REASONS) {
    const match = pattern.exec(reason);
    if (match) {
      return t(`errors.reason.${key}`, { ...match.groups });
    }
  }
  return reason;
}

/** A field's reasons in words, each once. */
export function reasonsInWords(reasons: string[], t: TFunction): string {
  return [...new Set(reasons.map((reason) => reasonInWords(reason, t)))].join('; ');
}

/** The field errors of an API refusal, mapped to the form's input ids (`field` → id). */
export function apiFormErrors(error: unknown, t: TFunction, fieldIds: Record<string, string>): FormError[] {
  if (!(error instanceof ApiError)) {
    return [{ inputId: null, text: t('errors.unexpected') }];
  }
  const fields = error.fieldErrors;
  if (fields.length > 0) {
    return fields.map((entry) => {
      const root = entry.field.split(/[.[]/)[0] ?? entry.field;
      const inputId = fieldIds[entry.field] ?? fieldIds[root] ?? null;
      const label = inputId ? t(`fields.${root}`, { defaultValue: root }) : entry.field;
      return { inputId, text: t('errors.field', { field: label, reason: reasonsInWords(entry.reasons, t) }) };
    });
  }
  return [{ inputId: null, text: errorMessage(error, t) }];
}

/** A refusal in words: the code's own text when there is one, with the correlation id to quote. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) {
    return t('errors.unexpected');
  }
  const known = t(`errorCodes.${error.code}`, { defaultValue: '' });
  const text = known || t('errors.generic', { status: String(error.status) });
  return error.correlationId ? `${text} ${t('errors.reference', { id: error.correlationId })}` : text;
}

export function FormErrorSummary({ errors }: { errors: FormError[] }) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (errors.length > 0) {
      headingRef.current?.focus();
    }
  }, [errors]);
  if (errors.length === 0) {
    return null;
  }
  const linked = errors.filter((error) => error.inputId !== null);
  const general = errors.filter((error) => error.inputId === null);
  return (
    <div className="form-errors">
      <ErrorSummary
        headingText={t('errors.summary', { count: errors.length })}
        headingVariant="h2"
        headingRef={headingRef}
        items={linked.map((error) => ({ text: error.text, inputId: error.inputId as string }))}
      />
      {general.length > 0 && (
        <ul className="form-errors__general">
          {general.map((error) => (
            <li key={error.text}>{error.text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The error text for one input, for its statusText. */
export function fieldError(errors: FormError[], inputId: string): string | undefined {
  return errors.find((error) => error.inputId === inputId)?.text;
}
