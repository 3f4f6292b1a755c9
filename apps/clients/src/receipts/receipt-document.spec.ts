import type { ConsentView } from '#contracts';
import { SUPPORTED_LANGUAGES, translator } from '#i18n';
import {
  receiptContent,
  renderReceiptHtml,
  renderReceiptPdf,
  type ReceiptModel,
} from './receipt-document.js';

const consent: ConsentView = {
  id: '8f0c6a52-43c2-4a55-9a43-3c52b1c5b001',
  clientId: '8f0c6a52-43c2-4a55-9a43-3c52b1c5b002',
  version: 1,
  status: 'active',
  recipientOrganisationIds: ['a', 'b'],
  categories: ['identity', 'contact', 'health'],
  purposes: ['referral', 'follow_up'],
  method: 'signed_form',
  givenBy: 'representative',
  recordedBy: 'u',
  recordedByOrganisationId: 'moni',
  noticeVersion: '2026-1',
  noticeLanguage: 'ar',
  interpreterUsed: true,
  givenAt: '2026-03-01T10:00:00Z',
  validUntil: '2027-03-01T10:00:00Z',
  supersedesConsentId: null,
  supersededByConsentId: null,
  withdrawnAt: null,
  withdrawnBy: null,
  withdrawalMethod: null,
  withdrawalNote: null,
  expiredAt: null,
};

const model = (overrides: Partial<ReceiptModel> = {}): ReceiptModel => ({
  language: 'fi',
  consent,
  client: { firstName: 'Amina', lastName: 'Hassan', dateOfBirth: '1994-05-01' },
  recipientNames: ['Kela, Seinäjoen toimisto', null],
  controllerName: 'MONI – Seinäjoen kaupunki',
  controllerContact: 'privacy@moni.example',
  printedAt: new Date('2026-03-01T10:05:00Z'),
  ...overrides,
});

describe(receiptContent.name, () => {
  it('lists what is shared, with whom, for what and until when, and how to withdraw', () => {
    const content = receiptContent(model());
    expect(content).toMatchObject({ language: 'fi', direction: 'ltr', title: 'Kuitti suostumuksesta' });
    expect(content.fields).toContainEqual(['Voimassa asti', '1. maaliskuuta 2027']);
    expect(content.fields).toContainEqual(['Antaja', 'Asiakkaan edustaja']);
    const [shared, recipients, purposes, withdraw] = content.sections;
    expect(shared.items).toHaveLength(3);
    expect(shared.note).toMatch(/Terveystiedot/);
    expect(recipients.items).toEqual(['Kela, Seinäjoen toimisto', 'Organisaatio ei ole enää rekisterissä']);
    expect(purposes.items).toEqual(['Lähete palveluihin', 'Lähetteen seuranta']);
    expect(withdraw.text).toContain('privacy@moni.example');
  });

  it('is in Arabic, right to left, and in English for a language without texts', () => {
    expect(receiptContent(model({ language: 'ar' }))).toMatchObject({
      direction: 'rtl',
      title: 'إيصال الموافقة',
    });
    expect(receiptContent(model({ language: 'so' }))).toMatchObject({
      language: 'en',
      title: 'Consent receipt',
    });
  });

  it('says a refusal shares nothing and has no withdrawal section', () => {
    const content = receiptContent(
      model({ language: 'en', consent: { ...consent, status: 'refused', validUntil: null } }),
    );
    expect(content.intro).toMatch(/did not agree/);
    expect(content.sections.map((section) => section.heading)).not.toContain('How to withdraw your consent');
  });

  describe('a refusal', () => {
    const refusal: ConsentView = {
      ...consent,
      status: 'refused',
      recipientOrganisationIds: ['a'],
      categories: ['health'],
      purposes: ['referral'],
      givenBy: 'client',
      method: 'verbal',
      givenAt: '2026-12-05T10:00:00Z',
      validUntil: null,
    };
    const refused = (language: string) =>
      receiptContent(model({ language, consent: refusal, recipientNames: ['Kela'] }));
    const labels = (content: ReturnType<typeof receiptContent>) => [
      ...content.fields.map(([label]) => label),
      ...content.sections.map((section) => section.heading),
    ];

    it('says in Finnish that it was refused, what would have been shared and with whom', () => {
      const content = refused('fi');
      expect(content.intro).toMatch(/et antanut suostumusta/);
      expect(content.fields).toContainEqual(['Tila', 'Kieltäydytty']);
      expect(content.fields).toContainEqual(['Kieltäydytty', '5. joulukuuta 2026 klo 12.00']);
      expect(content.fields).toContainEqual(['Kuka kieltäytyi', 'Asiakas itse']);
      expect(content.fields).toContainEqual(['Miten kieltäydyttiin', 'Suullisesti']);
      expect(content.sections.map((section) => [section.heading, section.items ?? []])).toEqual([
        [
          'Tiedot, joiden jakamiseen et suostunut',
          ['Terveystiedot: Terveyteesi liittyvät tiedot (erityinen henkilötietoryhmä)'],
        ],
        ['Kenelle tietoja olisi jaettu', ['Kela']],
        ['Mihin tarkoitukseen tietoja olisi käytetty', ['Lähete palveluihin']],
        ['Rekisterinpitäjä', []],
      ]);
      expect(content.sections[0].note).toBeUndefined();
      expect(labels(content)).not.toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^(Annettu|Antaja|Antotapa|Mitä tietoja jaetaan|Kenelle)$/),
        ]),
      );
    });

    it('says in English that it was refused, what would have been shared and with whom', () => {
      const content = refused('en');
      expect(content.fields).toContainEqual(['Status', 'Refused']);
      expect(content.fields).toContainEqual(['Refused on', expect.stringContaining('December 5, 2026')]);
      expect(content.fields).toContainEqual(['Refused by', 'The client']);
      expect(content.fields).toContainEqual(['How it was refused', 'Verbally']);
      expect(content.sections.map((section) => section.heading)).toEqual([
        'Information you did not agree to share',
        'Who would have received it',
        'What it would have been used for',
        'Data controller',
      ]);
      const html = renderReceiptHtml(model({ language: 'en', consent: refusal, recipientNames: ['Kela'] }));
      for (const granted of ['Given on', 'Given by', 'How it was given', 'What is shared', 'With whom']) {
        expect(html).not.toContain(`>${granted}<`);
      }
      expect(html).toContain('<h2>Information you did not agree to share</h2>');
    });

    it.each(SUPPORTED_LANGUAGES)(
      'uses no "given" or "shared" label in %s, only its own refusal texts',
      (language) => {
        const t = translator(language);
        const text = (key: string) => t.t(`consentReceipt.${key}`);
        const content = refused(language);
        const used = labels(content);
        const grantedOnly = [
          'givenAt',
          'givenBy',
          'method',
          'sharedData',
          'coveredData',
          'recipients',
          'purposes',
        ];
        for (const key of grantedOnly) {
          expect({ key, used: used.includes(text(key)) }).toEqual({ key, used: false });
        }
        const refusalKeys = [
          'refusedAt',
          'refusedBy',
          'refusedMethod',
          'refusedData',
          'refusedRecipients',
          'refusedPurposes',
        ];
        for (const key of refusalKeys) {
          // Translated in this language itself (not the English fallback) and shown on the receipt.
          expect({ key, own: t.has(`consentReceipt.${key}`), used: used.includes(text(key)) }).toEqual({
            key,
            own: true,
            used: true,
          });
          // Not the same words as a granted consent's label.
          expect(grantedOnly.map(text)).not.toContain(text(key));
        }
        expect(content.intro).toBe(text('refusedIntro'));
        expect(content.sections.some((section) => section.note === text('healthNote'))).toBe(false);
        expect(used).not.toContain(text('howToWithdraw'));
      },
    );
  });

  it('keeps a granted consent’s receipt as it was: given, what is shared, with whom, how to withdraw', () => {
    const content = receiptContent(model({ language: 'en' }));
    expect(content.intro).toMatch(/^This receipt records what information you agreed to share/);
    expect(content.fields.map(([label]) => label)).toEqual([
      'Client',
      'Date of birth',
      'Consent number',
      'Version',
      'Status',
      'Given on',
      'Given by',
      'How it was given',
      'Interpreter used',
      'Privacy notice version',
      'Valid until',
    ]);
    expect(content.sections.map((section) => section.heading)).toEqual([
      'What is shared',
      'With whom',
      'For what',
      'How to withdraw your consent',
      'Data controller',
    ]);
    expect(content.sections[0].note).toMatch(/^Health information is special category data/);
    const fi = receiptContent(model());
    expect(fi.fields).toContainEqual(['Annettu', '1. maaliskuuta 2026 klo 12.00']);
    expect(fi.sections.map((section) => section.heading)).toEqual([
      'Mitä tietoja jaetaan',
      'Kenelle',
      'Mihin tarkoitukseen',
      'Näin perut suostumuksen',
      'Rekisterinpitäjä',
    ]);
  });

  it('says what a withdrawn consent covered, not what is shared, and no longer how to withdraw it', () => {
    const withdrawn = receiptContent(
      model({
        language: 'en',
        consent: { ...consent, status: 'withdrawn', withdrawnAt: '2026-06-01T09:00:00Z', withdrawnBy: 'u' },
      }),
    );
    expect(withdrawn.fields).toContainEqual(['Given on', expect.stringContaining('2026')]);
    expect(withdrawn.fields).toContainEqual(['Withdrawn on', expect.stringContaining('June 1, 2026')]);
    expect(withdrawn.sections.map((section) => section.heading)).toEqual([
      'What the consent covered',
      'With whom',
      'For what',
      'Data controller',
    ]);
    expect(withdrawn.sections[0].note).toBeUndefined();
    for (const language of SUPPORTED_LANGUAGES) {
      const t = translator(language);
      const headings = receiptContent(
        model({ language, consent: { ...consent, status: 'expired', expiredAt: '2027-03-01T10:00:00Z' } }),
      ).sections.map((section) => section.heading);
      expect({ language, headings }).toEqual({
        language,
        headings: expect.arrayContaining([t.t('consentReceipt.coveredData')]) as string[],
      });
      expect(headings).not.toContain(t.t('consentReceipt.sharedData'));
      expect(headings).not.toContain(t.t('consentReceipt.howToWithdraw'));
      expect(t.has('consentReceipt.coveredData')).toBe(true);
    }
  });

  it('escapes names in HTML and renders a PDF', async () => {
    const html = renderReceiptHtml(
      model({ client: { firstName: '<script>', lastName: 'X', dateOfBirth: null } }),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    const pdf = await renderReceiptPdf(model({ language: 'uk' }));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
