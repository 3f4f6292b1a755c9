// The notifications page: marking one as read keeps the keyboard's place (its button goes, and in
// the list of unread ones the item too).
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { mockFetch } from '../../../test/mock-fetch';
import { renderPage } from '../../../test/render';
import { sessionAs } from '../../../test/session';
import type { Notification } from '../../api/types';
import { Route as NotificationsRoute } from './route';

const ORG = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d02';
const referralId = (n: number) => `5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4${n}`;
const notification = (n: number): Notification => ({
  id: `n-${n}`,
  kind: 'referral.sent',
  referralId: referralId(n),
  detail: { need: 'employment' },
  link: `/referrals/${referralId(n)}`,
  createdAt: '2026-12-05T08:00:00Z',
  readAt: null,
});

describe('the notifications page', () => {
  afterEach(() => jest.restoreAllMocks());

  it('moves the keyboard to the next notification when one is marked as read', async () => {
    const read = new Set<string>();
    mockFetch((call) => {
      const marked = /\/api\/v1\/notifications\/(n-\d)\/read$/.exec(call.url);
      if (marked) {
        read.add(marked[1]);
        return { status: 200, body: {} };
      }
      if (call.url.startsWith('/api/v1/notifications/unread-count')) {
        return { status: 200, body: { count: 2 - read.size } };
      }
      const items = [notification(1), notification(2)].filter((item) => !read.has(item.id));
      return { status: 200, body: { items, nextCursor: null } };
    });
    await renderPage({
      pattern: '/notifications',
      path: '/notifications',
      component: NotificationsRoute.options.component,
      session: sessionAs('partner_staff', ORG),
    });
    const [first] = await screen.findAllByRole('button', { name: /^Mark as read: / });
    fireEvent.click(first);
    await waitFor(() => expect(document.querySelector('[data-notification-id="n-1"]')).toBeNull());
    const second = document.querySelector('[data-notification-id="n-2"] a');
    await waitFor(() => expect(document.activeElement).toBe(second));
  });
});
