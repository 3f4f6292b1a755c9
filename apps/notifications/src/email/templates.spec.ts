import { NOTIFICATION_LANGUAGES, NOTIFICATION_KINDS, EMAIL_ONLY_KINDS } from '#contracts';
import { renderDigest, renderEmail } from './templates.js';

describe('renderEmail', () => {
  const link = 'https://portal.example/referrals/1f0c';

  it.each(NOTIFICATION_LANGUAGES)(
    'has a subject and body for every kind in %s, with the link in text and HTML',
    (language) => {
      for (const kind of [...NOTIFICATION_KINDS, ...EMAIL_ONLY_KINDS]) {
        const mail = renderEmail({ kind, language, link, detail: {} });
        expect(mail.subject).toMatch(/^MONI: \S/);
        expect(mail.text).toContain(link);
        expect(mail.html).toContain(`href="${link}"`);
        expect(mail.html).toContain(`lang="${language}"`);
      }
    },
  );

  it('shows the new status, translated, and nothing else of the event', () => {
    const mail = renderEmail({
      kind: 'referral.status_changed',
      language: 'sv',
      link,
      detail: { from: 'received', to: 'rejected', reasonCode: 'client_declined', outcomeCode: null },
    });
    expect(mail.text).toContain('Ny status: avslagen');
    expect(mail.text).not.toContain('client_declined');
    expect(mail.text).not.toContain('received');
  });

  it('escapes the link in HTML', () => {
    expect(
      renderEmail({ kind: 'referral.sent', language: 'en', link: 'https://x/"><script>', detail: {} }).html,
    ).not.toContain('<script>');
  });

  it('summarises a digest by kind', () => {
    const digest = renderDigest(
      'fi',
      { 'referral.sent': 2, 'message.posted': 1 },
      'https://portal.example/notifications',
    );
    expect(digest.subject).toBe('MONI: päivän yhteenveto');
    expect(digest.text).toContain('Uusi lähete: 2');
    expect(digest.text).toContain('Uusi viesti lähetteessä: 1');
  });
});
