// One typed map of every request/reply subject: `<service>.<resource>.<verb>`.
// The messaging helpers accept only subjects listed here, so a typo fails to compile.

import type { AuditRequests } from './audit/subjects.js';
import type { ClientsRequests } from './clients/subjects.js';
import type { NotificationsRequests } from './notifications/subjects.js';
import type { PartnersRequests } from './partners/subjects.js';
import type { ReferralsRequests } from './referrals/subjects.js';
import type { StatisticsRequests } from './statistics/subjects.js';

export const SERVICES = ['clients', 'referrals', 'partners', 'notifications', 'audit', 'statistics'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface DependencyStatus {
  status: 'up' | 'down';
  error?: string;
}

export interface HealthReport {
  service: string;
  status: 'up' | 'down';
  checks: Record<string, DependencyStatus>;
}

export interface HealthRequests {
  'clients.health.check': { request: Record<string, never>; reply: HealthReport };
  'referrals.health.check': { request: Record<string, never>; reply: HealthReport };
  'partners.health.check': { request: Record<string, never>; reply: HealthReport };
  'notifications.health.check': { request: Record<string, never>; reply: HealthReport };
  'audit.health.check': { request: Record<string, never>; reply: HealthReport };
  'statistics.health.check': { request: Record<string, never>; reply: HealthReport };
}

/** Every service's requests, each declared in its own folder of this library. */
export interface RequestMap
  extends
    HealthRequests,
    PartnersRequests,
    ClientsRequests,
    ReferralsRequests,
    NotificationsRequests,
    AuditRequests,
    StatisticsRequests {}

export type RequestSubject = keyof RequestMap;
export type RequestOf<S extends RequestSubject> = RequestMap[S]['request'];
export type ReplyOf<S extends RequestSubject> = RequestMap[S]['reply'];

export function healthSubject(service: ServiceName): keyof HealthRequests {
  return `${service}.health.check`;
}
