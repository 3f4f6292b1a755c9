// One typed map of every request/reply subject: `<service>.<resource>.<verb>`.
// The messaging helpers accept only subjects listed here, so a typo fails to compile.

export const SERVICES = ['clients', 'referrals', 'partners', 'notifications', 'audit'] as const;
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

export interface RequestMap {
  'clients.health.check': { request: Record<string, never>; reply: HealthReport };
  'referrals.health.check': { request: Record<string, never>; reply: HealthReport };
  'partners.health.check': { request: Record<string, never>; reply: HealthReport };
  'notifications.health.check': { request: Record<string, never>; reply: HealthReport };
  'audit.health.check': { request: Record<string, never>; reply: HealthReport };
}

export type RequestSubject = keyof RequestMap;
export type RequestOf<S extends RequestSubject> = RequestMap[S]['request'];
export type ReplyOf<S extends RequestSubject> = RequestMap[S]['reply'];

export function healthSubject(service: ServiceName): RequestSubject {
  return `${service}.health.check`;
}
