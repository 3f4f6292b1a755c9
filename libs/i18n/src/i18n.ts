// Client-facing texts in the clients' languages, from JSON files a translator can review
// (libs/i18n/src/locales/<lang>.json). A key missing in one language falls back to English.
import ar from './locales/ar.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import fi from './locales/fi.json' with { type: 'json' };
import ru from './locales/ru.json' with { type: 'json' };
import sv from './locales/sv.json' with { type: 'json' };
import uk from './locales/uk.json' with { type: 'json' };

export const SUPPORTED_LANGUAGES = ['fi', 'sv', 'en', 'ru', 'uk', 'ar'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const FALLBACK_LANGUAGE: Language = 'en';

const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb']);

export interface Messages {
  [key: string]: string | Messages;
}

const CATALOG: Record<Language, Messages> = { fi, sv, en, ru, uk, ar };

export function isSupportedLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The first candidate we have texts for (`fi-FI` counts as `fi`), otherwise English.
 * Candidates are in order of preference: the asked language, the client's, ...
 */
export function resolveLanguage(...candidates: (string | null | undefined)[]): Language {
  for (const candidate of candidates) {
    const base = candidate?.trim().toLowerCase().split(/[-_]/)[0];
    if (isSupportedLanguage(base)) {
      return base;
    }
  }
  return FALLBACK_LANGUAGE;
}

export function textDirection(language: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') {
      return undefined;
    }
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export type TranslationParams = Record<string, string | number>;

export interface Translator {
  readonly language: Language;
  readonly direction: 'ltr' | 'rtl';
  /** The text for a dotted key (`consentReceipt.title`), `{name}` placeholders filled in. */
  t(key: string, params?: TranslationParams): string;
  /** Whether the key has a text in this language itself (not through the English fallback). */
  has(key: string): boolean;
  /** A date (and optionally time) in this language's usual form, Latin digits, in the given time zone. */
  date(value: Date | string, options?: { withTime?: boolean; timeZone?: string }): string;
}

export function translator(
  language: string | null | undefined,
  extra?: Partial<Record<Language, Messages>>,
): Translator {
  const lang = resolveLanguage(language);
  const own = extra?.[lang];
  const fallback = extra?.[FALLBACK_LANGUAGE];
  const text = (key: string): string | undefined =>
    (own && lookup(own, key)) ??
    lookup(CATALOG[lang], key) ??
    (fallback && lookup(fallback, key)) ??
    lookup(CATALOG[FALLBACK_LANGUAGE], key);
  return {
    language: lang,
    direction: textDirection(lang),
    t(key, params) {
      const template = text(key) ?? key;
      return params
        ? template.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match))
        : template;
    },
    has(key) {
      return (
        (own !== undefined && lookup(own, key) !== undefined) || lookup(CATALOG[lang], key) !== undefined
      );
    },
    date(value, options = {}) {
      const date = typeof value === 'string' ? new Date(value) : value;
      return new Intl.DateTimeFormat(`${lang}-u-nu-latn`, {
        dateStyle: 'long',
        ...(options.withTime ? { timeStyle: 'short' } : {}),
        timeZone: options.timeZone ?? 'Europe/Helsinki',
      }).format(date);
    },
  };
}

/** Every dotted key of a message tree (for completeness checks of the translation files). */
export function messageKeys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : messageKeys(value, `${prefix}${key}.`),
  );
}

export function catalog(language: Language): Messages {
  return CATALOG[language];
}
