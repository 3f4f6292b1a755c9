// fi/sv/en: switches the interface at once and saves the choice in the user's preferences (the
// language of e-mails too). `?lang=` on any URL does the same (see useLangParam).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageMenu, LanguageMenuItem } from 'suomifi-ui-components';
import { api } from '../api/client';
import type { Preferences } from '../api/types';
import { LANGUAGES, changeLanguage, type Language } from '../i18n';

const NAMES: Record<Language, string> = { fi: 'Suomi (FI)', sv: 'Svenska (SV)', en: 'English (EN)' };

export async function saveLanguage(language: Language): Promise<void> {
  const current = await api.get<Preferences>('/api/v1/me/preferences');
  if (current.language !== language) {
    await api.put('/api/v1/me/preferences', { language, email: current.email, digest: current.digest });
  }
}

export function useSwitchLanguage() {
  const queryClient = useQueryClient();
  return useCallback(
    async (language: Language) => {
      await changeLanguage(language);
      try {
        await saveLanguage(language);
        void queryClient.invalidateQueries({ queryKey: ['preferences'] });
      } catch {
        // The interface has switched; saving is retried with the next switch.
      }
    },
    [queryClient],
  );
}

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const switchLanguage = useSwitchLanguage();
  const active = i18n.language as Language;
  return (
    <LanguageMenu
      className="language-menu"
      buttonText={active.toUpperCase()}
      // The visible code first: the accessible name must contain the visible label (WCAG 2.5.3).
      aria-label={`${active.toUpperCase()} – ${t('shell.language', { language: NAMES[active] })}`}
    >
      {LANGUAGES.map((language) => (
        <LanguageMenuItem
          key={language}
          lang={language}
          selected={language === active}
          onSelect={() => void switchLanguage(language)}
        >
          {NAMES[language]}
        </LanguageMenuItem>
      ))}
    </LanguageMenu>
  );
}
