import { SUPPORTED_LANGUAGES, translator } from '#i18n';
import type { DisclosureListResponse } from './audit.dto.js';
import { organisationName, renderDisclosurePdf } from './disclosure-pdf.js';
import { DISCLOSURE_TEXTS } from './disclosure-texts.js';

const kela = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d03';
const kelaNames = { fi: 'Kela, Seinäjoen toimisto', sv: 'FPA, Seinäjoki byrå', en: null };
const kelaRef = { id: kela, name: kelaNames.fi, names: kelaNames };
const list: DisclosureListResponse = {
  clientId: '0c7a0d3e-0000-4000-8000-000000000001',
  items: [
    {
      id: '4e105f48-bb68-4f1c-8a25-f2472d6e3f74',
      occurredAt: '2026-03-04T10:15:00.000Z',
      action: 'referral.sent',
      recipientOrganisation: kelaRef,
      consentId: '9d7e3f00-0000-4000-8000-000000000001',
      actorUserId: null,
      actorRole: 'advisor',
      targetType: 'referral',
      targetId: null,
    },
  ],
  recipientOrganisations: [kelaRef],
};
const names = new Map([[kela, kelaNames]]);

describe(renderDisclosurePdf.name, () => {
  it.each(SUPPORTED_LANGUAGES)('prints a PDF in %s', async (language) => {
    const pdf = await renderDisclosurePdf(list, language, names);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain(`/Lang (${language})`);
  });

  it('prints an empty log, falling back to English for an unknown language', async () => {
    const pdf = await renderDisclosurePdf(
      { ...list, items: [], recipientOrganisations: [] },
      'so',
      new Map(),
    );
    expect(pdf.toString('latin1')).toContain('/Lang (en)');
  });
});

describe('disclosure texts', () => {
  it('has every English key in every language', () => {
    const keys = (messages: object, prefix = ''): string[] =>
      Object.entries(messages).flatMap(([key, value]) =>
        typeof value === 'string' ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`),
      );
    const english = keys(DISCLOSURE_TEXTS.en);
    for (const language of SUPPORTED_LANGUAGES) {
      expect(keys(DISCLOSURE_TEXTS[language])).toEqual(english);
      expect(translator(language, DISCLOSURE_TEXTS).t('disclosureLog.title')).not.toBe('disclosureLog.title');
    }
  });
});

describe(organisationName.name, () => {
  it("picks the document's language, then Finnish", () => {
    const name = { fi: 'Kela', sv: 'FPA', en: null };
    expect(organisationName(name, 'sv')).toBe('FPA');
    expect(organisationName(name, 'ar')).toBe('Kela');
    expect(organisationName(undefined, 'fi')).toBeNull();
  });
});
