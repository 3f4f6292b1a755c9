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

const disclosure = (id: string, organisationId: string, names: LocalisedText | null) => ({
  id,
  occurredAt: '2026-12-02T09:00:00.000Z',
  action: 'referral.sent',
  recipientOrganisation: { id: organisationId, name: names?.fi ?? null, names },
  consentId: null,
  actorUserId: null,
  actorRole: null,
  targetType: 'referral',
  targetId: null,
});

async function showLog(language: Language) {
  mockFetch(() => ({
    status: 200,
    body: {
      clientId: CLIENT,
      items: [
        disclosure('d1', EMPLOYMENT, {
          fi: 'Seinäjoen seudun työllisyyspalvelut',
          sv: 'Seinäjoki-regionens sysselsättningstjänster',
          en: 'Seinäjoki Region Employment Services',
        }),
        disclosure('d2', FINNISH_ONLY, { fi: 'Lakeuden yhdistys', sv: null, en: null }),
        disclosure('d3', UNKNOWN, null),
      ],
      recipientOrganisations: [],
    },
  }));
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
});
