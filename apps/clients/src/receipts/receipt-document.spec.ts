import type { ConsentView } from '#contracts';
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
