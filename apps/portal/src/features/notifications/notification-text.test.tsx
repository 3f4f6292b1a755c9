// A notification in words: its dates as the reader needs them.
import { changeLanguage, i18next, initI18n } from '../../i18n';
import { formatDate, formatDeadline } from '../../i18n/format';
import type { Notification } from '../../api/types';
import { notificationText } from './route';

const format = {
  date: (value: string | null | undefined) => formatDate(value, 'en'),
  deadline: (value: string | null | undefined) => formatDeadline(value, 'en'),
};

function notification(kind: string, detail: Record<string, string | null>): Notification {
  return {
    id: 'n-1',
    kind,
    referralId: null,
    detail,
    link: '/notifications',
    createdAt: '2026-12-12T08:00:00Z',
    readAt: null,
  };
}

describe('notificationText', () => {
  beforeAll(async () => {
    await initI18n('en');
    await changeLanguage('en');
  });

  it("names an overdue referral's last day to answer, not the midnight after it", () => {
    // 2026-12-11T22:00Z: midnight in Helsinki at the start of Saturday 12 December.
    const text = notificationText(
      notification('referral.overdue', { dueAt: '2026-12-11T22:00:00Z' }),
      i18next.t,
      format,
    );
    expect(text).toBe('A referral is overdue (answer due 11 Dec 2026)');
  });

  it('gives the day a consent expires on as the date of that instant', () => {
    const text = notificationText(
      notification('consent.expiring', { validUntil: '2027-01-15T10:00:00Z' }),
      i18next.t,
      format,
    );
    expect(text).toBe('A consent expires on 15 Jan 2027');
  });

  it.each([
    [
      { change: 'created', role: 'advisor', membershipId: 'm-1' },
      'A new member joined your organisation as advisor',
    ],
    [
      { change: 'role_changed', role: 'org_admin', membershipId: 'm-1' },
      "A member's role was changed to organisation administrator",
    ],
    [
      { change: 'deactivated', role: 'advisor', membershipId: 'm-1' },
      'A member of your organisation was deactivated',
    ],
    [
      { role: 'partner_staff', expiresAt: '2026-12-19T08:00:00Z' },
      'Someone was invited to your organisation as partner staff',
    ],
  ])('says what changed in who may act for the organisation (%j)', (detail, text) => {
    expect(notificationText(notification('membership.changed', detail), i18next.t, format)).toBe(text);
  });
});
