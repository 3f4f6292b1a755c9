// Settings: the language of the portal and of e-mails (saved in the preferences).
import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { RadioButton, RadioButtonGroup } from 'suomifi-ui-components';
import { LANGUAGES, type Language } from '../../i18n';
import { useSwitchLanguage } from '../../shell/LanguageSwitcher';
import { PageHeading } from '../../ui/PageHeading';

const NAMES: Record<Language, string> = { fi: 'suomi', sv: 'svenska', en: 'English' };

function Settings() {
  const { t, i18n } = useTranslation();
  const switchLanguage = useSwitchLanguage();
  return (
    <>
      <PageHeading>{t('nav.settings')}</PageHeading>
      <div className="panel">
        <RadioButtonGroup
          labelText={t('settings.language')}
          groupHintText={t('settings.languageHint')}
          name="language"
          value={i18n.language}
          onChange={(value) => void switchLanguage(value as Language)}
        >
          {LANGUAGES.map((language) => (
            <RadioButton key={language} value={language} id={`settings-language-${language}`} lang={language}>
              {NAMES[language]}
            </RadioButton>
          ))}
        </RadioButtonGroup>
      </div>
    </>
  );
}

export const Route = createLazyRoute('/settings')({ component: Settings });
