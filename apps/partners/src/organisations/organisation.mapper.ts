import type { LocalisedName, OrganisationSummary, OrganisationView, UnitView } from '#contracts';
import type { OrganisationEntity, UnitEntity } from './organisation.entity.js';

/** The fi/sv/en name columns of an organisation or unit (or a row with the same names). */
export const localisedName = (row: {
  nameFi: string;
  nameSv: string | null;
  nameEn: string | null;
}): LocalisedName => ({
  fi: row.nameFi,
  sv: row.nameSv,
  en: row.nameEn,
});

export const toUnitView = (unit: UnitEntity): UnitView => ({ id: unit.id, name: localisedName(unit) });

export function toOrganisationView(org: OrganisationEntity, units: UnitEntity[]): OrganisationView {
  return {
    id: org.id,
    name: localisedName(org),
    businessId: org.businessId,
    kind: org.kind,
    units: units.filter((unit) => unit.organisationId === org.id).map(toUnitView),
    canSend: org.canSend,
    canReceive: org.canReceive,
    intake: {
      email: org.intakeEmail,
      responseDays: org.responseDays,
      accepting: org.acceptingReferrals,
      language: org.intakeLanguage ?? null,
    },
    status: org.status,
    agreement:
      org.agreementVersion !== null && org.agreementAcceptedBy !== null && org.agreementAcceptedAt !== null
        ? {
            version: org.agreementVersion,
            acceptedBy: org.agreementAcceptedBy,
            acceptedAt: org.agreementAcceptedAt.toISOString(),
          }
        : null,
    deactivatedAt: org.deactivatedAt?.toISOString() ?? null,
    createdAt: org.createdAt.toISOString(),
    updatedAt: org.updatedAt.toISOString(),
    version: org.version,
  };
}

export function toOrganisationSummary(org: OrganisationEntity): OrganisationSummary {
  return {
    id: org.id,
    name: localisedName(org),
    status: org.status,
    canSend: org.canSend,
    canReceive: org.canReceive,
    acceptingReferrals: org.acceptingReferrals,
    responseDays: org.responseDays,
  };
}
