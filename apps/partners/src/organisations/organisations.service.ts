import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  AppError,
  type AcceptAgreementPayload,
  type Actor,
  type CreateOrganisationPayload,
  type ListOrganisationsPayload,
  type LookupOrganisationsPayload,
  type OrganisationIdPayload,
  type OrganisationPage,
  type OrganisationSummary,
  type OrganisationView,
  type UnitPayload,
  type UpdateOrganisationPayload,
  isPlatformAdmin,
  requireActor,
  type ActorContext,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import {
  notFound,
  requireOrganisationAdmin,
  requireOrganisationReader,
  requirePlatformAdmin,
} from '../access.js';
import { enforce, recordAudit } from '../audit.js';
import { PARTNERS_CONFIG, type PartnersConfig } from '../config.js';
import { CursorCodec, replyWithin } from '#service-core';
import { DEFAULT_PAGE_SIZE, isSortKey, scopeOf } from '../cursor.js';
import {
  applyOrganisationUpdate,
  assignName,
  checkExpectedVersion,
  newBusinessId,
  newOrganisationFields,
} from './organisation-changes.js';
import { OrganisationEntity, UnitEntity } from './organisation.entity.js';
import { toOrganisationSummary, toOrganisationView } from './organisation.mapper.js';
import { isUniqueViolation, OrganisationsRepository } from './organisations.repository.js';

/** What only a platform administrator may change; an org_admin edits names, units and intake. */
export const PLATFORM_ONLY_FIELDS = ['businessId', 'kind', 'canSend', 'canReceive'] as const;

const BUSINESS_ID_CONSTRAINT = 'uq_organisations_business_id';

const businessIdTaken = () =>
  new AppError('ORGANISATION.BUSINESS_ID_TAKEN', 'Another organisation has this business ID', [
    { field: 'businessId', reasons: ['businessId is already registered'] },
  ]);

const forbidden = (message: string, details?: unknown) => new AppError('AUTH.FORBIDDEN', message, details);

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
    @Inject(PARTNERS_CONFIG) private readonly config: PartnersConfig,
    private readonly cursors: CursorCodec,
  ) {}

  async list(
    actor: Actor | null,
    query: ListOrganisationsPayload,
    correlationId: string,
  ): Promise<OrganisationPage> {
    const known = await this.enforce(actor, correlationId, 'organisation.list', null, () =>
      requirePlatformAdmin(actor),
    );
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const scope = scopeOf('organisations', known.organisationId);
    const rows = await this.organisations.list({
      status: query.status,
      q: query.q?.trim() || undefined,
      after: this.cursors.decode(scope, query.cursor, isSortKey),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const units = await this.organisations.unitsOf(page.map((org) => org.id));
    const last = page.at(-1);
    return {
      items: page.map((org) => toOrganisationView(org, units)),
      nextCursor: rows.length > limit && last ? this.cursors.encode(scope, [last.nameFi, last.id]) : null,
    };
  }

  async get(actor: Actor | null, { id }: OrganisationIdPayload): Promise<OrganisationView> {
    requireOrganisationReader(actor, id);
    const org = await this.organisations.findById(id);
    if (!org) {
      throw notFound();
    }
    return toOrganisationView(org, await this.organisations.unitsOf([id]));
  }

  /** For other services: unknown ids are left out. */
  async lookup(
    _actor: Actor | null,
    { ids }: LookupOrganisationsPayload,
  ): Promise<{ organisations: OrganisationSummary[] }> {
    const rows = await this.organisations.findByIds([...new Set(ids)]);
    return { organisations: rows.map(toOrganisationSummary) };
  }

  async create(
    actor: Actor | null,
    input: CreateOrganisationPayload,
    correlationId: string,
  ): Promise<OrganisationView> {
    const admin = await this.enforce(actor, correlationId, 'organisation.create', null, () =>
      requirePlatformAdmin(actor),
    );
    return this.transaction(async (manager) => {
      if (input.businessId && (await this.organisations.businessIdTaken(manager, input.businessId))) {
        throw businessIdTaken();
      }
      const now = new Date();
      const org = manager.create(OrganisationEntity, newOrganisationFields(input, now));
      assignName(org, input.name);
      await manager.insert(OrganisationEntity, org);
      const units = await this.replaceUnits(manager, org.id, input.units ?? []);
      await this.record(manager, { actor: admin, correlationId }, 'organisation.created', org.id);
      await this.outbox.append(
        manager,
        'events.partners.organisation.created',
        { organisationId: org.id },
        { actor: admin, correlationId },
      );
      return replyWithin(manager, toOrganisationView(org, units));
    });
  }

  async update(
    actor: Actor | null,
    input: UpdateOrganisationPayload,
    correlationId: string,
  ): Promise<OrganisationView> {
    const known = await this.enforce(actor, correlationId, 'organisation.update', input.id, () => {
      const admin = requireOrganisationAdmin(actor, input.id);
      if (!isPlatformAdmin(admin)) {
        const restricted = PLATFORM_ONLY_FIELDS.filter((field) => input[field] !== undefined);
        if (restricted.length > 0) {
          throw forbidden(
            `Only a platform administrator may change ${restricted.join(', ')}`,
            restricted.map((field) => ({ field, reasons: [`${field} is set by a platform administrator`] })),
          );
        }
      }
      return admin;
    });
    const changed = (
      ['name', 'businessId', 'kind', 'units', 'canSend', 'canReceive', 'intake'] as const
    ).filter((field) => input[field] !== undefined);
    return this.transaction(async (manager) => {
      const org = await this.organisations.findByIdForUpdate(manager, input.id);
      if (!org) {
        throw notFound();
      }
      checkExpectedVersion(org, input.expectedVersion);
      const businessId = newBusinessId(org, input);
      if (businessId !== null && (await this.organisations.businessIdTaken(manager, businessId, org.id))) {
        throw businessIdTaken();
      }
      applyOrganisationUpdate(org, input);
      org.version += 1;
      org.updatedAt = new Date();
      await manager.save(OrganisationEntity, org);
      const units =
        input.units === undefined
          ? await this.organisations.unitsOf([org.id], manager)
          : await this.replaceUnits(manager, org.id, input.units);
      await this.record(manager, { actor: known, correlationId }, 'organisation.updated', org.id, {
        fields: changed.join(','),
      });
      await this.outbox.append(
        manager,
        'events.partners.organisation.updated',
        { organisationId: org.id },
        { actor: known, correlationId },
      );
      return replyWithin(manager, toOrganisationView(org, units));
    });
  }

  /** The org_admin of the organisation accepts the current data-sharing agreement. */
  async acceptAgreement(
    actor: Actor | null,
    input: AcceptAgreementPayload,
    correlationId: string,
  ): Promise<OrganisationView> {
    const known = await this.enforce(actor, correlationId, 'organisation.accept_agreement', input.id, () => {
      const member = requireActor(actor);
      if (member.organisationId !== input.id) {
        if (isPlatformAdmin(member)) {
          throw forbidden("Only the organisation's administrator may accept its agreement");
        }
        throw notFound();
      }
      if (member.role !== 'org_admin') {
        throw forbidden("Only the organisation's administrator may accept its agreement");
      }
      return member;
    });
    return this.transaction(async (manager) => {
      const org = await this.organisations.findByIdForUpdate(manager, input.id);
      if (!org) {
        throw notFound();
      }
      if (org.status === 'deactivated') {
        throw new AppError('ORGANISATION.DEACTIVATED', 'The organisation is deactivated');
      }
      if (input.version !== this.config.agreementVersion) {
        throw new AppError('ORGANISATION.AGREEMENT_VERSION_MISMATCH', 'This is not the current agreement', {
          field: 'version',
          currentVersion: this.config.agreementVersion,
        });
      }
      const now = new Date();
      org.status = 'active';
      org.agreementVersion = input.version;
      org.agreementAcceptedBy = known.userId;
      org.agreementAcceptedAt = now;
      org.version += 1;
      org.updatedAt = now;
      await manager.save(OrganisationEntity, org);
      await this.record(manager, { actor: known, correlationId }, 'organisation.agreement_accepted', org.id, {
        agreementVersion: input.version,
      });
      await this.outbox.append(
        manager,
        'events.partners.organisation.agreement_accepted',
        { organisationId: org.id, agreementVersion: input.version },
        { actor: known, correlationId },
      );
      return replyWithin(
        manager,
        toOrganisationView(org, await this.organisations.unitsOf([org.id], manager)),
      );
    });
  }

  /** Members lose access at once: the gateway resolves memberships on every request. */
  async deactivate(
    actor: Actor | null,
    { id }: OrganisationIdPayload,
    correlationId: string,
  ): Promise<OrganisationView> {
    const admin = await this.enforce(actor, correlationId, 'organisation.deactivate', id, () =>
      requirePlatformAdmin(actor),
    );
    return this.transaction(async (manager) => {
      const org = await this.organisations.findByIdForUpdate(manager, id);
      if (!org) {
        throw notFound();
      }
      if (org.status === 'deactivated') {
        throw new AppError('ORGANISATION.DEACTIVATED', 'The organisation is already deactivated');
      }
      const now = new Date();
      org.status = 'deactivated';
      org.deactivatedAt = now;
      org.version += 1;
      org.updatedAt = now;
      await manager.save(OrganisationEntity, org);
      await this.record(manager, { actor: admin, correlationId }, 'organisation.deactivated', org.id);
      await this.outbox.append(
        manager,
        'events.partners.organisation.deactivated',
        { organisationId: org.id },
        { actor: admin, correlationId },
      );
      return replyWithin(
        manager,
        toOrganisationView(org, await this.organisations.unitsOf([org.id], manager)),
      );
    });
  }

  /**
   * Brings a deactivated organisation back: active again if it has accepted the data-sharing
   * agreement, otherwise pending it (only the agreement activates an organisation). Its memberships
   * were kept, so its members regain access on their next request.
   */
  async activate(
    actor: Actor | null,
    { id }: OrganisationIdPayload,
    correlationId: string,
  ): Promise<OrganisationView> {
    const admin = await this.enforce(actor, correlationId, 'organisation.activate', id, () =>
      requirePlatformAdmin(actor),
    );
    return this.transaction(async (manager) => {
      const org = await this.organisations.findByIdForUpdate(manager, id);
      if (!org) {
        throw notFound();
      }
      if (org.status !== 'deactivated') {
        throw new AppError('RESOURCE.CONFLICT', 'The organisation is not deactivated');
      }
      const now = new Date();
      org.status = org.agreementVersion ? 'active' : 'pending_agreement';
      org.deactivatedAt = null;
      org.version += 1;
      org.updatedAt = now;
      await manager.save(OrganisationEntity, org);
      await this.record(manager, { actor: admin, correlationId }, 'organisation.activated', org.id, {
        status: org.status,
      });
      await this.outbox.append(
        manager,
        'events.partners.organisation.activated',
        { organisationId: org.id },
        { actor: admin, correlationId },
      );
      return replyWithin(
        manager,
        toOrganisationView(org, await this.organisations.unitsOf([org.id], manager)),
      );
    });
  }

  /** Units given with an id are kept (and renamed), new ones created, the rest removed. */
  private async replaceUnits(
    manager: EntityManager,
    organisationId: string,
    units: UnitPayload[],
  ): Promise<UnitEntity[]> {
    const existing = await this.organisations.unitsOf([organisationId], manager);
    const existingIds = new Set(existing.map((unit) => unit.id));
    const unknown = units.flatMap((unit, index) =>
      unit.id !== undefined && !existingIds.has(unit.id)
        ? [{ field: `units.${index}.id`, reasons: ['units.id must be a unit of this organisation'] }]
        : [],
    );
    if (unknown.length > 0) {
      throw new AppError('VALIDATION.FAILED', 'The request is invalid', unknown);
    }
    const keep = new Set(units.flatMap((unit) => (unit.id ? [unit.id] : [])));
    const removed = existing.filter((unit) => !keep.has(unit.id)).map((unit) => unit.id);
    if (removed.length > 0) {
      await manager.delete(UnitEntity, removed);
    }
    const now = Date.now();
    const rows = units.map((unit, index) => {
      const row = manager.create(UnitEntity, {
        id: unit.id ?? randomUUID(),
        organisationId,
        // Keeps the given order stable in lists (units sort by creation).
        createdAt: existing.find((old) => old.id === unit.id)?.createdAt ?? new Date(now + index),
      });
      assignName(row, unit.name);
      return row;
    });
    if (rows.length > 0) {
      await manager.save(UnitEntity, rows);
    }
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** The access rule of one request; a refusal is audited (see enforce). */
  private enforce<T>(
    actor: Actor | null,
    correlationId: string,
    action: string,
    organisationId: string | null,
    rule: () => T,
  ): Promise<T> {
    return enforce(
      this.outbox,
      this.organisations.dataSource,
      { actor, correlationId },
      { action, targetType: 'organisation', targetId: organisationId, targetOrganisationId: organisationId },
      rule,
    );
  }

  private record(
    manager: EntityManager,
    context: ActorContext,
    action: string,
    organisationId: string,
    detail?: Record<string, string>,
  ): Promise<void> {
    return recordAudit(this.outbox, manager, context, {
      action,
      targetType: 'organisation',
      targetId: organisationId,
      ...(detail ? { detail } : {}),
    });
  }

  /** A unique violation that slipped past the check (a concurrent insert) is still a 409. */
  private async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.organisations.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error, BUSINESS_ID_CONSTRAINT)) {
        throw businessIdTaken();
      }
      throw error;
    }
  }
}
