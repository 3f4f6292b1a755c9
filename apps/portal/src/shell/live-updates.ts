// The live stream (GET /api/v1/stream, Server-Sent Events on the session cookie): each event
// invalidates the queries it may change, so lists and counts update without a reload.
import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

export type LiveState = 'connecting' | 'open' | 'paused';

/** Event names the stream sends to a portal user (apps/gateway/src/stream/stream-visibility.ts). */
export const STREAM_EVENTS = [
  'referrals.referral.drafted',
  'referrals.referral.sent',
  'referrals.referral.logged',
  'referrals.referral.status_changed',
  'referrals.referral.sender_status_changed',
  'referrals.referral.assigned',
  'referrals.referral.overdue',
  'referrals.referral.redacted',
  'referrals.message.posted',
  'notifications.notification.created',
  'notifications.notification.read',
] as const;

interface StreamFrame {
  type: string;
  data?: { referralId?: string; id?: string };
}

/** Other parts of the portal listening to the stream (e.g. the toasts of the other side's steps). */
export const streamListeners = new Set<(name: string, frame: StreamFrame | null) => void>();

export function invalidateFor(queryClient: QueryClient, name: string, frame: StreamFrame | null): void {
  streamListeners.forEach((listener) => listener(name, frame));
  if (name.startsWith('referrals.')) {
    void queryClient.invalidateQueries({ queryKey: ['referrals'] });
    const referralId = frame?.data?.referralId ?? frame?.data?.id;
    if (referralId) {
      void queryClient.invalidateQueries({ queryKey: ['referral', referralId] });
    }
  }
  if (name.startsWith('notifications.')) {
    void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  }
}

function parse(data: unknown): StreamFrame | null {
  try {
    return typeof data === 'string' ? (JSON.parse(data) as StreamFrame) : null;
  } catch {
    return null;
  }
}

export function useLiveUpdates(queryClient: QueryClient, enabled: boolean): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      return undefined;
    }
    const source = new EventSource('/api/v1/stream', { withCredentials: true });
    source.addEventListener('open', () => setState('open'));
    source.addEventListener('ready', () => setState('open'));
    // The server now follows the events for this page (browser tests wait for it before changing things).
    source.addEventListener('ready', () => document.documentElement.setAttribute('data-live', 'ready'));
    // The browser reconnects by itself after an error; until then the page is not live.
    source.addEventListener('error', () =>
      setState(source.readyState === EventSource.OPEN ? 'open' : 'paused'),
    );
    // Missed events cannot be replayed: read everything again.
    source.addEventListener('reset', () => void queryClient.invalidateQueries());
    for (const name of STREAM_EVENTS) {
      source.addEventListener(name, (event) => invalidateFor(queryClient, name, parse(event.data)));
    }
    return () => source.close();
  }, [enabled, queryClient]);
  return state;
}
