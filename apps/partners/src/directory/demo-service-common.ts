// What the demo service files share: the entry shape, the fixed ids and the Seinäjoki addresses.
import type { ServiceAddress, ServiceFields } from '#contracts';

export interface DemoService extends ServiceFields {
  id: string;
  organisationId: string;
}

export const demoId = (n: number): string =>
  `3d5f2a60-8c1b-4e7a-b9d2-6f0e1c2b3a${n.toString().padStart(2, '0')}`;

export const DEMO_SERVICE_MONI_GUIDANCE = demoId(1);
export const DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH = demoId(3);
export const DEMO_SERVICE_KELA_BENEFITS = demoId(5);
export const DEMO_SERVICE_RED_CROSS_FRIEND = demoId(6);
export const DEMO_SERVICE_SEDU_FINNISH = demoId(10);

/** A street address in Seinäjoki (South Ostrobothnia), with its coordinates. */
export const seinajoki = (
  street: string,
  latitude: number,
  longitude: number,
  postalCode = '60100',
): ServiceAddress => ({
  street,
  postalCode,
  city: 'Seinäjoki',
  region: 'Etelä-Pohjanmaa',
  latitude,
  longitude,
});
