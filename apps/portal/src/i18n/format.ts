// Dates and numbers through Intl in the interface language, in Finnish time.
import { useTranslation } from 'react-i18next';
import type { LocalisedText } from '../api/types';
import { TIME_ZONE } from './helsinki-time';

const LOCALES: Record<string, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

export function locale(language: string): string {
  return LOCALES[language] ?? 'fi-FI';
}

export function formatDate(value: string | null | undefined, language: string): string {
  if (!value) {
    return '';
  }
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(locale(language), { dateStyle: 'medium', timeZone: TIME_ZONE }).format(date);
}

/**
 * A deadline the API gives as the instant it ends (a response promise's `dueAt` is the start of
 * the day after its last working day, Helsinki time): the last day it allows, not the day it ends on.
 */
export function formatDeadline(value: string | null | undefined, language: string): string {
  if (!value) {
    return '';
  }
  const end = new Date(value);
  return Number.isNaN(end.getTime()) ? '' : formatDate(new Date(end.getTime() - 1).toISOString(), language);
}

export function formatDateTime(value: string | null | undefined, language: string): string {
  if (!value) {
    return '';
  }
  return new Intl.DateTimeFormat(locale(language), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(new Date(value));
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(locale(language)).format(value);
}

/** A language's name (e.g. "arabia") in the interface language. */
export function languageName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([locale(language)], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The name in the interface language, Finnish when there is none. */
export function localised(text: LocalisedText | string | null | undefined, language: string): string {
  if (!text) {
    return '';
  }
  if (typeof text === 'string') {
    return text;
  }
  const value = text[language as keyof LocalisedText];
  return value ?? text.fi;
}

export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return {
    language,
    date: (value: string | null | undefined) => formatDate(value, language),
    deadline: (value: string | null | undefined) => formatDeadline(value, language),
    dateTime: (value: string | null | undefined) => formatDateTime(value, language),
    number: (value: number) => formatNumber(value, language),
    languageName: (code: string) => languageName(code, language),
    localised: (text: LocalisedText | string | null | undefined) => localised(text, language),
  };
}
