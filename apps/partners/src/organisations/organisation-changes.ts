// What a create or update payload does to an organisation row, apart from the checks that need the
// database (the business ID) and the audit and event that go with it.
import { randomUUID } from 'node:crypto';
import {
  AppError,
  type CreateOrganisationPayload,
  type IntakePayload,
  type LocalisedNamePayload,
  type UpdateOrganisationPayload,
} from '#contracts';
import type { OrganisationEntity } from './organisation.entity.js';

export function assignName(
  target: { nameFi: string; nameSv: string | null; nameEn: string | null },
  name: LocalisedNamePayload,
): void {
  target.nameFi = name.fi;
  target.nameSv = name.sv ?? null;
  target.nameEn = name.en ?? null;
}

/** A new organisation awaiting its agreement, without its name (assignName) and units. */
export function newOrganisationFields(
  input: CreateOrganisationPayload,
  now: Date,
): Partial<OrganisationEntity> {
  return {
    id: randomUUID(),
    businessId: input.businessId ?? null,
    kind: input.kind.trim(),
    canSend: input.canSend ?? false,
    canReceive: input.canReceive ?? false,
    intakeEmail: input.intake?.email?.toLowerCase() ?? null,
    responseDays: input.intake?.responseDays ?? 5,
    acceptingReferrals: input.intake?.accepting ?? true,
    intakeLanguage: input.intake?.language ?? null,
    status: 'pending_agreement',
    agreementVersion: null,
    agreementAcceptedBy: null,
    agreementAcceptedAt: null,
    deactivatedAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/** 412 when the caller read another version than the one stored (an update without one applies). */
export function checkExpectedVersion(org: OrganisationEntity, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== org.version) {
    throw new AppError('RESOURCE.PRECONDITION_FAILED', 'The organisation has changed since you read it', {
      currentVersion: org.version,
      expectedVersion,
    });
  }
}

/** The business ID the update sets, when it is a new one (to check that no other organisation has it). */
export function newBusinessId(org: OrganisationEntity, input: UpdateOrganisationPayload): string | null {
  const given = input.businessId;
  return given !== undefined && given !== null && given !== org.businessId ? given : null;
}

/** Sets the fields the update names (units aside); a field left out keeps its value. */
export function applyOrganisationUpdate(org: OrganisationEntity, input: UpdateOrganisationPayload): void {
  if (input.name) {
    assignName(org, input.name);
  }
  if (input.businessId !== undefined) {
    org.businessId = input.businessId;
  }
  if (input.kind !== undefined) {
    org.kind = input.kind.trim();
  }
  if (input.canSend !== undefined) {
    org.canSend = input.canSend;
  }
  if (input.canReceive !== undefined) {
    org.canReceive = input.canReceive;
  }
  if (input.intake) {
    applyIntake(org, input.intake);
  }
}

function applyIntake(org: OrganisationEntity, intake: IntakePayload): void {
  if (intake.email !== undefined) {
    org.intakeEmail = intake.email?.toLowerCase() ?? null;
  }
  org.responseDays = intake.responseDays ?? org.responseDays;
  org.acceptingReferrals = intake.accepting ?? org.acceptingReferrals;
  if (intake.language !== undefined) {
    org.intakeLanguage = intake.language;
  }
}
