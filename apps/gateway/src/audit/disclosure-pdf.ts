import { PdfWriter, translator, type Language } from '#i18n';
import type { OrganisationSummary } from '#contracts';
import type { DisclosureListResponse } from './audit.dto.js';
import { DISCLOSURE_TEXTS } from './disclosure-texts.js';

const TIME_ZONE = 'Europe/Helsinki';

/** An organisation's name in the document's language: Swedish or Finnish where given, else English, else Finnish. */
export function organisationName(
  name: OrganisationSummary['name'] | undefined,
  language: Language,
): string | null {
  if (!name) {
    return null;
  }
  if (language === 'fi') {
    return name.fi;
  }
  if (language === 'sv') {
    return name.sv ?? name.fi;
  }
  return name.en ?? name.fi;
}

/** The client's printable disclosure log: organisations, then every disclosure with its time and consent. */
export function renderDisclosurePdf(
  list: DisclosureListResponse,
  language: string | null,
  names: Map<string, OrganisationSummary['name']>,
  now = new Date(),
): Promise<Buffer> {
  const t = translator(language, DISCLOSURE_TEXTS);
  const nameOf = (id: string) => organisationName(names.get(id), t.language) ?? id;
  const actionText = (action: string) => {
    const key = `disclosureLog.action.${action.replace(/\./g, '_')}`;
    const text = t.t(key);
    return text === key ? t.t('disclosureLog.action.other') : text;
  };
  const pdf = new PdfWriter({ language: t.language, title: t.t('disclosureLog.title') });
  pdf
    .heading(t.t('disclosureLog.title'))
    .paragraph(t.t('disclosureLog.intro'))
    .field(t.t('disclosureLog.clientRef'), list.clientId)
    .paragraph(t.t('disclosureLog.printed', { date: t.date(now, { withTime: true, timeZone: TIME_ZONE }) }), {
      color: '#555555',
    })
    .space();
  if (list.items.length === 0) {
    pdf.paragraph(t.t('disclosureLog.none'));
  } else {
    pdf
      .heading(t.t('disclosureLog.recipients'), 2)
      .bullets(list.recipientOrganisations.map((organisation) => nameOf(organisation.id)))
      .heading(t.t('disclosureLog.events'), 2);
    for (const item of list.items) {
      pdf
        .paragraph(
          `${t.date(item.occurredAt, { withTime: true, timeZone: TIME_ZONE })} — ${nameOf(item.recipientOrganisation.id)}`,
          { bold: true, after: 1 },
        )
        .paragraph(actionText(item.action), { indent: 10, after: 1 })
        .paragraph(`${t.t('disclosureLog.consent')}: ${item.consentId ?? t.t('disclosureLog.noConsent')}`, {
          indent: 10,
          color: '#555555',
          after: 6,
        });
    }
  }
  pdf.space().paragraph(t.t('disclosureLog.questions'));
  return pdf.finish();
}
