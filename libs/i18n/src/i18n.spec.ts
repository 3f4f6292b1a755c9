import {
  catalog,
  messageKeys,
  resolveLanguage,
  SUPPORTED_LANGUAGES,
  textDirection,
  translator,
} from './i18n.js';

describe('translations', () => {
  it('has every English key in every language, so a translator sees no gaps', () => {
    const english = messageKeys(catalog('en')).sort();
    for (const language of SUPPORTED_LANGUAGES) {
      expect({ language, keys: messageKeys(catalog(language)).sort() }).toEqual({ language, keys: english });
    }
  });

  it('keeps the same placeholders in every language', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const language of SUPPORTED_LANGUAGES) {
      const t = translator(language);
      for (const key of messageKeys(catalog('en'))) {
        expect({ language, key, found: placeholders(t.t(key)) }).toEqual({
          language,
          key,
          found: placeholders(translator('en').t(key)),
        });
      }
    }
  });

  it('falls back to English for an unknown language and takes the base of a regional tag', () => {
    expect(resolveLanguage('so')).toBe('en');
    expect(resolveLanguage(undefined, null, 'fa')).toBe('en');
    expect(resolveLanguage('sv-FI')).toBe('sv');
    expect(resolveLanguage('xx', 'ar')).toBe('ar');
    expect(translator('so').t('consentReceipt.title')).toBe('Consent receipt');
  });

  it('fills placeholders and knows the direction', () => {
    expect(translator('fi').t('consentReceipt.generatedAt', { date: '1.2.2026' })).toBe(
      'Tulostettu 1.2.2026',
    );
    expect(translator('ar').direction).toBe('rtl');
    expect(textDirection('fi')).toBe('ltr');
  });

  it('formats dates with Latin digits in the Helsinki time zone', () => {
    expect(translator('fi').date('2026-03-31T21:30:00Z')).toBe('1. huhtikuuta 2026');
    expect(translator('ar').date('2026-03-31T10:00:00Z')).toMatch(/31/);
  });
});
