// E-mail texts in Finnish, Swedish and English. They carry NO personal data: no client name,
// identity code or reason text, only what kind of thing happened and a link into the portal.
import type { EmailKind, NotificationLanguage, ReferralStatus } from '#contracts';
import { escapeHtml } from '#i18n';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface EmailContent {
  kind: EmailKind;
  language: NotificationLanguage;
  /** Absolute link into the portal. */
  link: string;
  /** Codes from the event; only `to` (the new status) is shown. */
  detail: Record<string, string | null>;
}

interface Phrases {
  subjects: Record<EmailKind, string>;
  bodies: Record<EmailKind, string>;
  statuses: Record<ReferralStatus, string>;
  newStatus: string;
  open: string;
  footer: string;
  digestSubject: string;
  digestIntro: string;
}

const FI: Phrases = {
  subjects: {
    'referral.sent': 'Uusi lähete',
    'referral.status_changed': 'Lähetteen tila muuttui',
    'referral.assigned': 'Sinulle osoitettiin lähete',
    'message.posted': 'Uusi viesti lähetteessä',
    'referral.overdue': 'Lähete odottaa vastausta',
    'referral.redacted': 'Lähetteen jaetut tiedot poistettiin näkyvistä',
    'consent.withdrawn': 'Suostumus peruttiin',
    'consent.expiring': 'Suostumus on päättymässä',
    'consent.expired': 'Suostumus päättyi',
    'invitation.created': 'Kutsu MONI-lähetepalveluun',
    'membership.changed': 'Organisaationne käyttäjät muuttuivat',
  },
  bodies: {
    'referral.sent': 'Organisaatiollenne on saapunut uusi lähete.',
    'referral.status_changed': 'Lähetteen tila on muuttunut.',
    'referral.assigned': 'Sinut on merkitty lähetteen käsittelijäksi.',
    'message.posted': 'Lähetteeseen on kirjoitettu uusi viesti.',
    'referral.overdue': 'Lähetteen vastausaika on ylittynyt.',
    'referral.redacted': 'Lähetteellä jaetut asiakastiedot eivät ole enää näkyvissä.',
    'consent.withdrawn': 'Asiakkaan suostumus on peruttu.',
    'consent.expiring': 'Kirjaamasi asiakkaan suostumus päättyy pian. Uusi se tarvittaessa.',
    'consent.expired': 'Asiakkaan suostumus on päättynyt.',
    'invitation.created': 'Sinut on kutsuttu käyttämään MONI-lähetepalvelua.',
    'membership.changed': 'Organisaationne käyttäjiin tai kutsuihin on tehty muutos.',
  },
  statuses: {
    draft: 'luonnos',
    requested: 'lähetetty',
    received: 'vastaanotettu',
    accepted: 'hyväksytty',
    rejected: 'hylätty',
    in_progress: 'käsittelyssä',
    on_hold: 'odottaa',
    completed: 'valmis',
    failed: 'ei toteutunut',
    cancelled: 'peruttu',
    entered_in_error: 'virheellinen',
  },
  newStatus: 'Uusi tila',
  open: 'Katso tiedot palvelussa',
  footer:
    'Tässä viestissä ei ole henkilötietoja. Kirjaudu palveluun nähdäksesi tiedot. Älä vastaa tähän viestiin.',
  digestSubject: 'MONI: päivän yhteenveto',
  digestIntro: 'Sinulle on tullut seuraavat ilmoitukset:',
};

const SV: Phrases = {
  subjects: {
    'referral.sent': 'Ny remiss',
    'referral.status_changed': 'Remissens status ändrades',
    'referral.assigned': 'En remiss tilldelades dig',
    'message.posted': 'Nytt meddelande i en remiss',
    'referral.overdue': 'En remiss väntar på svar',
    'referral.redacted': 'Remissens delade uppgifter doldes',
    'consent.withdrawn': 'Ett samtycke återkallades',
    'consent.expiring': 'Ett samtycke upphör snart',
    'consent.expired': 'Ett samtycke upphörde',
    'invitation.created': 'Inbjudan till MONI-remisstjänsten',
    'membership.changed': 'Er organisations användare ändrades',
  },
  bodies: {
    'referral.sent': 'Er organisation har fått en ny remiss.',
    'referral.status_changed': 'Remissens status har ändrats.',
    'referral.assigned': 'Du har angetts som handläggare för en remiss.',
    'message.posted': 'Ett nytt meddelande har skrivits i en remiss.',
    'referral.overdue': 'Svarstiden för en remiss har överskridits.',
    'referral.redacted': 'Klientuppgifterna som delades i remissen visas inte längre.',
    'consent.withdrawn': 'Klientens samtycke har återkallats.',
    'consent.expiring': 'Ett samtycke som du registrerade upphör snart. Förnya det vid behov.',
    'consent.expired': 'Klientens samtycke har upphört.',
    'invitation.created': 'Du har bjudits in att använda MONI-remisstjänsten.',
    'membership.changed': 'En ändring har gjorts i er organisations användare eller inbjudningar.',
  },
  statuses: {
    draft: 'utkast',
    requested: 'skickad',
    received: 'mottagen',
    accepted: 'godkänd',
    rejected: 'avslagen',
    in_progress: 'under behandling',
    on_hold: 'väntar',
    completed: 'slutförd',
    failed: 'genomfördes inte',
    cancelled: 'annullerad',
    entered_in_error: 'felaktig',
  },
  newStatus: 'Ny status',
  open: 'Se uppgifterna i tjänsten',
  footer:
    'Detta meddelande innehåller inga personuppgifter. Logga in i tjänsten för att se uppgifterna. Svara inte på detta meddelande.',
  digestSubject: 'MONI: dagens sammanfattning',
  digestIntro: 'Du har fått följande meddelanden:',
};

const EN: Phrases = {
  subjects: {
    'referral.sent': 'New referral',
    'referral.status_changed': 'A referral’s status changed',
    'referral.assigned': 'A referral was assigned to you',
    'message.posted': 'New message on a referral',
    'referral.overdue': 'A referral is waiting for an answer',
    'referral.redacted': 'A referral’s shared data was hidden',
    'consent.withdrawn': 'A consent was withdrawn',
    'consent.expiring': 'A consent expires soon',
    'consent.expired': 'A consent expired',
    'invitation.created': 'Invitation to the MONI referral service',
    'membership.changed': 'Your organisation’s users changed',
  },
  bodies: {
    'referral.sent': 'Your organisation has received a new referral.',
    'referral.status_changed': 'The status of a referral has changed.',
    'referral.assigned': 'You have been made the handler of a referral.',
    'message.posted': 'A new message has been written on a referral.',
    'referral.overdue': 'A referral has passed its response time.',
    'referral.redacted': 'The client data shared in a referral is no longer shown.',
    'consent.withdrawn': 'A client’s consent has been withdrawn.',
    'consent.expiring': 'A consent you recorded expires soon. Renew it if needed.',
    'consent.expired': 'A client’s consent has expired.',
    'invitation.created': 'You have been invited to use the MONI referral service.',
    'membership.changed': 'A member or invitation of your organisation was changed.',
  },
  statuses: {
    draft: 'draft',
    requested: 'sent',
    received: 'received',
    accepted: 'accepted',
    rejected: 'declined',
    in_progress: 'in progress',
    on_hold: 'on hold',
    completed: 'completed',
    failed: 'not completed',
    cancelled: 'cancelled',
    entered_in_error: 'entered in error',
  },
  newStatus: 'New status',
  open: 'See the details in the service',
  footer:
    'This message contains no personal data. Sign in to the service to see the details. Do not reply to this message.',
  digestSubject: 'MONI: daily summary',
  digestIntro: 'You have the following notifications:',
};

export const PHRASES: Record<NotificationLanguage, Phrases> = { fi: FI, sv: SV, en: EN };

function statusLine(phrases: Phrases, detail: Record<string, string | null>): string | null {
  const to = detail.to;
  return to && Object.hasOwn(phrases.statuses, to)
    ? `${phrases.newStatus}: ${phrases.statuses[to as ReferralStatus]}`
    : null;
}

function layout(
  language: NotificationLanguage,
  subject: string,
  lines: string[],
  link: string,
): RenderedEmail {
  const phrases = PHRASES[language];
  const text = [...lines, '', `${phrases.open}: ${link}`, '', '--', phrases.footer, ''].join('\n');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(phrases.open)}</a></p>`,
    `<hr><p style="color: #555; font-size: 0.9em">${escapeHtml(phrases.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: `MONI: ${subject}`, text, html };
}

export function renderEmail(content: EmailContent): RenderedEmail {
  const phrases = PHRASES[content.language];
  const lines = [phrases.bodies[content.kind]];
  const status = content.kind === 'referral.status_changed' ? statusLine(phrases, content.detail) : null;
  if (status) {
    lines.push(status);
  }
  return layout(content.language, phrases.subjects[content.kind], lines, content.link);
}

/** One e-mail for a day's notifications: how many of each kind, and a link to the list. */
export function renderDigest(
  language: NotificationLanguage,
  counts: Partial<Record<EmailKind, number>>,
  link: string,
): RenderedEmail {
  const phrases = PHRASES[language];
  const lines = [
    phrases.digestIntro,
    ...Object.entries(counts).map(([kind, count]) => `${phrases.subjects[kind as EmailKind]}: ${count}`),
  ];
  const rendered = layout(language, phrases.digestSubject, lines, link);
  return { ...rendered, subject: phrases.digestSubject };
}
