import { screen } from '@testing-library/react';
import type { LocalisedText } from '../../api/types';
import type { Language } from '../../i18n';
import { renderInPortal } from '../../../test/render';
import { mockFetch } from '../../../test/mock-fetch';
import { DisclosureLog } from './DisclosureLog';

const CLIENT = '33333333-3333-4333-8333-333333333333';
const EMPLOYMENT = '66666666-6666-4666-8666-666666666666';
const FINNISH_ONLY = '77777777-7777-4777-8777-777777777777';
const UNKNOWN = '99999999-9999-4999-8999-999999999999';

const CONSENT = '44444444-4444-4444-8444-444444444444';
const OLD_CONSENT = '55555555-5555-4555-8555-555555555555';

const disclosure = (
  id: string,
  organisationId: string,
  names: LocalisedText | null,
  consentId: string | null = null,
) => ({
  id,
  occurredAt: '2026-12-02T09:00:00.000Z',
  action: 'referral.sent',
  recipientOrganisation: { id: organisationId, name: names?.fi ?? null, names },
  consentId,
  actorUserId: null,
  actorRole: null,
  targetType: 'referral',
  targetId: null,
});

async function showLog(language: Language) {
  mockFetch((call) => {
    if (call.url.includes('/consents')) {
      return { status: 200, body: { items: [{ id: CONSENT, givenAt: '2026-11-20T10:00:00.000Z' }] } };
    }
    return {
      status: 200,
      body: {
        clientId: CLIENT,
        items: [
          disclosure(
            'd1',
            EMPLOYMENT,
            {
              fi: 'Seinäjoen seudun työllisyyspalvelut',
              sv: 'Seinäjoki-regionens sysselsättningstjänster',
              en: 'Seinäjoki Region Employment Services',
            },
            CONSENT,
          ),
          disclosure('d2', FINNISH_ONLY, { fi: 'Lakeuden yhdistys', sv: null, en: null }, OLD_CONSENT),
          disclosure('d3', UNKNOWN, null),
        ],
        recipientOrganisations: [],
      },
    };
  });
  await renderInPortal(<DisclosureLog clientId={CLIENT} />, language);
  await screen.findByRole('table');
}

describe('DisclosureLog', () => {
  it.each([
    ['sv', 'Seinäjoki-regionens sysselsättningstjänster'],
    ['en', 'Seinäjoki Region Employment Services'],
    ['fi', 'Seinäjoen seudun työllisyyspalvelut'],
  ] as const)('names the recipient organisation in the interface language (%s)', async (language, name) => {
    await showLog(language);
    expect(await screen.findByRole('cell', { name })).toBeTruthy();
  });

  it('falls back to the Finnish name, and to the id when the organisation is not known', async () => {
    await showLog('sv');
    expect(screen.getByRole('cell', { name: 'Lakeuden yhdistys' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: UNKNOWN })).toBeTruthy();
  });

  it('names each consent by its date and links to it, never by its id', async () => {
    await showLog('fi');
    const link = await screen.findByRole('link', { name: 'Suostumus 20.11.2026' });
    expect(link.getAttribute('href')).toBe(`/clients/${CLIENT}/consents/${CONSENT}`);
    // A consent no longer listed still links, by its kind.
    const other = screen.getByRole('link', { name: 'Suostumus' });
    expect(other.getAttribute('href')).toBe(`/clients/${CLIENT}/consents/${OLD_CONSENT}`);
    expect(document.querySelector('table')?.textContent).not.toContain(CONSENT);
    expect(screen.getByRole('cell', { name: 'ei' })).toBeTruthy();
  });
});
