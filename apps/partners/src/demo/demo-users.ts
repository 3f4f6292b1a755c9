// The demo users of deploy/keycloak/realm-moni.json (their fixed ids) and their memberships.
import type { MemberRole } from '#contracts';
import {
  DEMO_ORG_EMPLOYMENT,
  DEMO_ORG_KELA,
  DEMO_ORG_MONI,
  DEMO_ORG_RED_CROSS,
} from './demo-organisations.js';

export const DEMO_USER_ADVISOR = 'fbc8681a-88b1-4a5f-b24b-ff0a6e322fa2';
export const DEMO_USER_ADVISOR2 = '3c26dec6-9a2d-4fd7-8903-ed59908a2a1b';
export const DEMO_USER_EMPLOYMENT = '4dc2bf6d-b6cd-4e4d-acf0-5898634c7b96';
export const DEMO_USER_KELA = 'd05b962f-7ed3-4028-9336-4aec8bb0bbb1';
export const DEMO_USER_REDCROSS = '58ea9cec-7ca8-4b61-9ef1-e2b098b6b492';
export const DEMO_USER_MONI_ADMIN = 'bc1c5a05-f9c5-4937-bc5e-6b83abb2d12a';
export const DEMO_USER_ADMIN = 'e8688beb-a005-407d-8fc5-b0e6143508c4';
/** The client-credentials account of the demo partner system (client moni-partner-system). */
export const DEMO_USER_PARTNER_SYSTEM = '6fe6d98c-ae72-46ee-9673-63fe0b5f2524';

export interface DemoMembership {
  id: string;
  userId: string;
  organisationId: string;
  role: MemberRole;
  email: string | null;
  /** As the realm's first and last name (the token's name claim) would set it at the first login. */
  displayName: string;
  /** The partner system's service account is a system: never offered to assign work to. */
  kind?: 'system';
}

export const DEMO_MEMBERSHIPS: readonly DemoMembership[] = [
  {
    id: '9d7e4c10-5a2b-4f3e-8c1d-2b6a0e9f7c01',
    userId: DEMO_USER_ADVISOR,
    organisationId: DEMO_ORG_MONI,
    role: 'advisor',
    email: 'advisor@moni.example',
    displayName: 'Aino Advisor',
  },
  {
    id: '9d7e4c10-5a2b-4f3e-8c1d-2b6a0e9f7c02',
    userId: DEMO_USER_ADVISOR2,
    organisationId: DEMO_ORG_MONI,
    role: 'advisor',
    email: 'advisor2@moni.example',
    displayName: 'Eero Advisor',
  },
  {
    id: '9d7e4c10-5a2b-4f3e-8c1d-2b6a0e9f7c03',
    userId: DEMO_USER_MONI_ADMIN,
    organisationId: DEMO_ORG_MONI,
    role: 'org_admin',
    email: 'moni-admin@moni.example',
    displayName: 'Maija Admin',
  },
  {
    id: '9d7e4c10-5a2b-4f3e-8c1d-2b6a0e9f7c04',
    userId: DEMO_USER_EMPLOYMENT,
    organisationId: DEMO_ORG_EMPLOYMENT,
    role: 'partner_staff',
    email: 'employment@partner.example',
    displayName: 'Elina Employment',
  },
  {
    id: '9d7e4c10-5a2b-4f3e-8c1d-2b6a0e9f7c05',
    userId: DEMO_USER_KELA,
    organisationId: DEMO_ORG_KELA,
    role: 'partner_staff',
    email: 'kela@partner.example',
    displayName: 'Kalle Kela',
  },
  {
    id: '9d7e4c10-5a2b-4f3e-8c1d-2b6a0e9f7c06',
    userId: DEMO_USER_REDCROSS,
    organisationId: DEMO_ORG_RED_CROSS,
    role: 'partner_staff',
    email: 'redcross@partner.example',
    displayName: 'Riikka Redcross',
  },
  {
    id: '9d7e4c10-5a2b-4f3e-8c1d-2b6a0e9f7c07',
    userId: DEMO_USER_PARTNER_SYSTEM,
    organisationId: DEMO_ORG_EMPLOYMENT,
    role: 'partner_staff',
    email: null,
    displayName: 'service-account-moni-partner-system',
    kind: 'system',
  },
];
