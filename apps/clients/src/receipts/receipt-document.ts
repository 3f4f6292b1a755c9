// The consent receipt (Kantara consent receipt / ISO/IEC TS 27560 fields) as the client reads it:
// one set of sections, rendered as PDF or HTML, in the client's language.
import type { ConsentView } from '#contracts';
import { escapeHtml, htmlPage, PdfWriter, translator, type Translator } from '#i18n';

export interface ReceiptModel {
  /** Any language tag; unknown ones fall back to English. */
  language: string | null;
  consent: ConsentView;
  client: { firstName: string | null; lastName: string | null; dateOfBirth: string | null };
  /** The recipients' names in the receipt's language (null: no longer on the platform). */
  recipientNames: (string | null)[];
  controllerName: string;
  controllerContact: string;
  printedAt: Date;
}

interface Section {
  heading: string;
  items?: string[];
  text?: string;
  note?: string;
}

export interface ReceiptContent {
  language: string;
  direction: 'ltr' | 'rtl';
  title: string;
  intro: string;
  fields: [label: string, value: string][];
  sections: Section[];
  footer: string;
}

export function receiptContent(model: ReceiptModel): ReceiptContent {
  const t: Translator = translator(model.language);
  const k = (key: string, params?: Record<string, string>) => t.t(`consentReceipt.${key}`, params);
  const { consent } = model;
  const refused = consent.status === 'refused';
  // Withdrawn, expired or replaced: the receipt says what the consent covered, not what is shared.
  const inForce = consent.status === 'active';
  // A refusal's labels say it was refused and what would have been shared: never "given" or "shared".
  const label = (granted: string, refusal: string) => k(refused ? refusal : granted);
  const name = [model.client.firstName, model.client.lastName].filter(Boolean).join(' ');

  const fields: [string, string][] = [
    [k('client'), name || '—'],
    ...(model.client.dateOfBirth
      ? [[k('dateOfBirth'), t.date(`${model.client.dateOfBirth}T12:00:00Z`)] as [string, string]]
      : []),
    [k('consentId'), consent.id],
    [k('version'), String(consent.version)],
    [k('status'), t.t(`codes.consentStatus.${consent.status}`)],
    [label('givenAt', 'refusedAt'), t.date(consent.givenAt, { withTime: true })],
    [label('givenBy', 'refusedBy'), t.t(`codes.givenBy.${consent.givenBy}`)],
    [label('method', 'refusedMethod'), t.t(`codes.method.${consent.method}`)],
    [k('interpreterUsed'), t.t(`codes.yesNo.${consent.interpreterUsed ? 'yes' : 'no'}`)],
    [k('noticeVersion'), consent.noticeVersion],
  ];
  if (consent.validUntil && !refused) {
    fields.push([k('validUntil'), t.date(consent.validUntil)]);
  }
  if (consent.withdrawnAt) {
    fields.push([k('withdrawnAt'), t.date(consent.withdrawnAt, { withTime: true })]);
  }
  if (consent.expiredAt) {
    fields.push([k('expiredAt'), t.date(consent.expiredAt, { withTime: true })]);
  }

  const sections: Section[] = [
    {
      heading: label(inForce ? 'sharedData' : 'coveredData', 'refusedData'),
      items: consent.categories.map(
        (category) =>
          `${t.t(`codes.dataCategory.${category}`)}: ${t.t(`codes.dataCategoryDescription.${category}`)}`,
      ),
      note: consent.categories.includes('health') && inForce ? k('healthNote') : undefined,
    },
    {
      heading: label('recipients', 'refusedRecipients'),
      items: model.recipientNames.map((recipient) => recipient ?? k('unknownOrganisation')),
    },
    {
      heading: label('purposes', 'refusedPurposes'),
      items: consent.purposes.map((purpose) => t.t(`codes.purpose.${purpose}`)),
    },
  ];
  if (inForce) {
    sections.push({
      heading: k('howToWithdraw'),
      text: k('howToWithdrawText', { controller: model.controllerName, contact: model.controllerContact }),
    });
  }
  sections.push({
    heading: k('controller'),
    text: `${model.controllerName} · ${model.controllerContact}\n${k('rights')}`,
  });

  return {
    language: t.language,
    direction: t.direction,
    title: k('title'),
    intro: refused ? k('refusedIntro') : k('intro'),
    fields,
    sections,
    footer: k('generatedAt', { date: t.date(model.printedAt, { withTime: true }) }),
  };
}

export function renderReceiptPdf(model: ReceiptModel): Promise<Buffer> {
  const content = receiptContent(model);
  const pdf = new PdfWriter({ language: content.language, title: content.title })
    .heading(content.title)
    .paragraph(content.intro);
  pdf.space(4);
  for (const [label, value] of content.fields) {
    pdf.field(label, value);
  }
  for (const section of content.sections) {
    pdf.space(6).heading(section.heading, 2);
    if (section.items) {
      pdf.bullets(section.items);
    }
    if (section.note) {
      pdf.paragraph(section.note, { color: '#7c2d12' });
    }
    if (section.text) {
      pdf.paragraph(section.text);
    }
  }
  pdf.space(10).paragraph(content.footer, { size: 8.5, color: '#555555' });
  return pdf.finish();
}

export function renderReceiptHtml(model: ReceiptModel): string {
  const content = receiptContent(model);
  const paragraphs = (text: string) =>
    text
      .split('\n')
      .map((line) => `<p>${escapeHtml(line)}</p>`)
      .join('');
  const body = [
    `<h1>${escapeHtml(content.title)}</h1>`,
    `<p>${escapeHtml(content.intro)}</p>`,
    `<dl>${content.fields.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd><bdi>${escapeHtml(value)}</bdi></dd>`).join('')}</dl>`,
    ...content.sections.map((section) =>
      [
        `<section><h2>${escapeHtml(section.heading)}</h2>`,
        section.items
          ? `<ul>${section.items.map((item) => `<li><bdi>${escapeHtml(item)}</bdi></li>`).join('')}</ul>`
          : '',
        section.note ? `<p class="note">${escapeHtml(section.note)}</p>` : '',
        section.text ? paragraphs(section.text) : '',
        '</section>',
      ].join(''),
    ),
    `<p class="muted">${escapeHtml(content.footer)}</p>`,
  ].join('\n');
  return htmlPage({ language: content.language, title: content.title, body });
}
