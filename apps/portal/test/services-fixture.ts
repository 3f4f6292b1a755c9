// The employment services' one directory service, as GET /organisations/{id}/services lists it:
// for the screens that name a referral's service (the referral page, the inbox).
import type { Answer } from './mock-fetch';

export const JOB_SEARCH_SERVICE = '9c2e4f61-7a3b-4d5c-8e9f-0a1b2c3d4e5f';

export const JOB_SEARCH_NAMES = {
  fi: 'Työnhaun tuki maahanmuuttajille',
  sv: 'Stöd i jobbsökandet för invandrare',
  en: 'Job-search support for immigrants',
};

export const servicesOfEmployment: Answer = {
  status: 200,
  body: { items: [{ id: JOB_SEARCH_SERVICE, name: JOB_SEARCH_NAMES }], nextCursor: null },
};
