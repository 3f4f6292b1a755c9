// The demo network of Seinäjoki (api.md "Demo realm and logins"). Fixed ids so that other
// demo data (services, referrals) can refer to the organisations. Development/demo only.

export const DEMO_ORG_MONI = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d01';
export const DEMO_ORG_EMPLOYMENT = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d02';
export const DEMO_ORG_KELA = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d03';
export const DEMO_ORG_RED_CROSS = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d04';
export const DEMO_ORG_REFUGEE_WORK = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d05';
export const DEMO_ORG_OHJAAMO = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d06';
export const DEMO_ORG_SEDU = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d07';
export const DEMO_ORG_KAKSKATTA = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d08';
/** Still waiting for its org_admin to accept the data-sharing agreement. */
export const DEMO_ORG_PENDING = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d09';

export interface DemoOrganisation {
  id: string;
  name: { fi: string; sv: string; en: string };
  businessId: string;
  kind: string;
  canSend: boolean;
  canReceive: boolean;
  intakeEmail: string;
  responseDays: number;
  status: 'pending_agreement' | 'active';
  units: { fi: string; sv: string; en: string }[];
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  {
    id: DEMO_ORG_MONI,
    name: {
      fi: 'MONI – Seinäjoen kaupunki',
      sv: 'MONI – Seinäjoki stad',
      en: 'MONI (City of Seinäjoki)',
    },
    businessId: '0204819-8',
    kind: 'municipal integration services',
    canSend: true,
    canReceive: true,
    intakeEmail: 'moni@seinajoki.example',
    responseDays: 3,
    status: 'active',
    units: [
      { fi: 'MONI-palvelupiste', sv: 'MONI-servicepunkt', en: 'MONI service point' },
      { fi: 'Alkukartoitus', sv: 'Inledande kartläggning', en: 'Initial assessment' },
    ],
  },
  {
    id: DEMO_ORG_EMPLOYMENT,
    name: {
      fi: 'Seinäjoen seudun työllisyyspalvelut',
      sv: 'Sysselsättningstjänsterna i Seinäjokiregionen',
      en: 'Seinäjoki region employment services',
    },
    businessId: '2460154-8',
    kind: 'employment services',
    canSend: true,
    canReceive: true,
    intakeEmail: 'tyollisyys@seinajoki.example',
    responseDays: 5,
    status: 'active',
    units: [{ fi: 'Maahanmuuttajapalvelut', sv: 'Invandrartjänster', en: 'Immigrant services' }],
  },
  {
    id: DEMO_ORG_KELA,
    name: { fi: 'Kela, Seinäjoen toimisto', sv: 'FPA, Seinäjoki byrå', en: 'Kela, Seinäjoki office' },
    businessId: '0246246-0',
    kind: 'social insurance',
    canSend: false,
    canReceive: true,
    intakeEmail: 'seinajoki@kela.example',
    responseDays: 7,
    status: 'active',
    units: [],
  },
  {
    id: DEMO_ORG_RED_CROSS,
    name: {
      fi: 'Suomen Punainen Risti, Seinäjoen osasto',
      sv: 'Finlands Röda Kors, Seinäjoki avdelning',
      en: 'Finnish Red Cross, Seinäjoki branch',
    },
    businessId: '0216880-0',
    kind: 'non-governmental organisation',
    canSend: false,
    canReceive: true,
    intakeEmail: 'seinajoki@punainenristi.example',
    responseDays: 5,
    status: 'active',
    units: [],
  },
  {
    id: DEMO_ORG_REFUGEE_WORK,
    name: {
      fi: 'Seinäjoen kaupungin pakolaistyö',
      sv: 'Seinäjoki stads flyktingarbete',
      en: 'City of Seinäjoki refugee work',
    },
    businessId: '2245011-7',
    kind: 'municipal social services',
    canSend: true,
    canReceive: true,
    intakeEmail: 'pakolaistyo@seinajoki.example',
    responseDays: 3,
    status: 'active',
    units: [],
  },
  {
    id: DEMO_ORG_OHJAAMO,
    name: { fi: 'Ohjaamo Seinäjoki', sv: 'Ohjaamo Seinäjoki', en: 'Ohjaamo Seinäjoki (youth guidance)' },
    businessId: '0180401-9',
    kind: 'youth guidance',
    canSend: false,
    canReceive: true,
    intakeEmail: 'ohjaamo@seinajoki.example',
    responseDays: 5,
    status: 'active',
    units: [],
  },
  {
    id: DEMO_ORG_SEDU,
    name: {
      fi: 'Koulutuskuntayhtymä Sedu',
      sv: 'Samkommunen för utbildning Sedu',
      en: 'Sedu Education Consortium',
    },
    businessId: '0208710-3',
    kind: 'vocational education',
    canSend: false,
    canReceive: true,
    intakeEmail: 'hakeutuminen@sedu.example',
    responseDays: 10,
    status: 'active',
    units: [],
  },
  {
    id: DEMO_ORG_KAKSKATTA,
    name: { fi: 'Kakskättä paja ry', sv: 'Kakskättä paja rf', en: 'Kakskättä Workshop Association' },
    businessId: '2056743-4',
    kind: 'workshop association',
    canSend: false,
    canReceive: true,
    intakeEmail: 'paja@kakskatta.example',
    responseDays: 5,
    status: 'active',
    units: [],
  },
  {
    id: DEMO_ORG_PENDING,
    name: {
      fi: 'Seinäjoen Monikulttuuriyhdistys ry',
      sv: 'Seinäjoki mångkulturella förening rf',
      en: 'Seinäjoki Multicultural Association',
    },
    businessId: '3215873-4',
    kind: 'non-governmental organisation',
    canSend: false,
    canReceive: true,
    intakeEmail: 'info@monikulttuuri.example',
    responseDays: 5,
    status: 'pending_agreement',
    units: [],
  },
];
