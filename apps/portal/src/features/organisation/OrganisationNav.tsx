// The organisation administration's sections: sub-routes under /organisation, shown as tabs.
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../ui/AppLink';
import './admin.css';

const SECTIONS = [
  { to: '/organisation', label: 'orgAdmin.tabs.profile' },
  { to: '/organisation/members', label: 'orgAdmin.tabs.members' },
  { to: '/organisation/services', label: 'orgAdmin.tabs.services' },
] as const;

export function OrganisationNav() {
  const { t } = useTranslation();
  return (
    <nav className="sub-nav" aria-label={t('orgAdmin.tabs.label')}>
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.to}>
            <AppLink to={section.to} activeOptions={{ exact: true }}>
              {t(section.label)}
            </AppLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
