// Errors of a form: the summary at its top (focus moves there), field errors from the API's
// `details: [{ field, reasons }]`, and a message for any other refusal. The form keeps its values.
import type { TFunction } from 'i18next';
import { ErrorSummary } from 'suomifi-ui-components';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { reasonsInWords } from './reasons';

export { reasonInWords, reasonsInWords } from './reasons';

export interface FormError {
  /** The form control's id (the summary links to it), or null for the form as a whole. */
  inputId: string | null;
  text: string;
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
