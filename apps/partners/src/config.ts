import { readInt, readString } from '#config';

type Env = Record<string, string | undefined>;

export interface PartnersConfig {
  /** The data-sharing agreement an org_admin must accept now. */
  agreementVersion: string;
  invitationTtlDays: number;
  /** Load the Seinäjoki demo network at start (idempotent). */
  demoData: boolean;
}

export function loadPartnersConfig(env: Env = process.env): PartnersConfig {
  return {
    agreementVersion: readString(env, 'AGREEMENT_VERSION', '2026-1'),
    invitationTtlDays: readInt(env, 'INVITATION_TTL_DAYS', 14, 1),
    demoData: readString(env, 'DEMO_DATA', 'false').toLowerCase() === 'true',
  };
}

export const PARTNERS_CONFIG = Symbol('PARTNERS_CONFIG');
