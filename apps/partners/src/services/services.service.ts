import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  AppError,
  type Actor,
  type CreateServicePayload,
  type ListServicesPayload,
  type Page,
  type ServiceChangedData,
  type ServiceIdPayload,
  type ServiceView,
  type UpdateServicePayload,
  isPlatformAdmin,
  requireActor,
  type ActorContext,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import { notFound, requireOrganisationAdmin } from '../access.js';
import { enforce, recordAudit } from '../audit.js';
import { CursorCodec, replyWithin } from '#service-core';
import { DEFAULT_PAGE_SIZE, isSortKey, scopeOf } from '../cursor.js';
import type { OrganisationEntity } from '../organisations/organisation.entity.js';
import type { ServiceEntity } from './service.entity.js';
import { toServiceColumns, toServiceView } from './service.mapper.js';
import { ServicesRepository } from './services.repository.js';

type Change = ServiceChangedData['change'];

/**
 * The services of an organisation. Their org_admin (and platform_admin) writes them; anyone may read
 * the services of an active organisation (that is what the directory is for), members and
 * platform_admin also those of one that is not active yet.
 */
@Injectable()
export class ServicesService {
  constructor(
    private readonly services: ServicesRepository,
    private readonly outbox: OutboxWriter,
    private readonly cursors: CursorCodec,
  ) {}

  async list(actor: Actor | null, payload: ListServicesPayload): Promise<Page<ServiceView>> {
    const known = requireActor(actor);
    const organisation = await this.services.findOrganisation(payload.organisationId);
    if (!organisation || !mayRead(known, organisation)) {
      throw notFound();
    }
    const limit = payload.limit ?? DEFAULT_PAGE_SIZE;
    const scope = scopeOf(`services:${organisation.id}`, known.organisationId);
    const rows = await this.services.listForOrganisation(
      organisation.id,
      this.cursors.decode(scope, payload.cursor, isSortKey),
      limit + 1,
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(toServiceView),
      nextCursor: rows.length > limit && last ? this.cursors.encode(scope, [last.nameFi, last.id]) : null,
    };
  }

  async get(actor: Actor | null, payload: ServiceIdPayload): Promise<ServiceView> {
    const known = requireActor(actor);
    const service = await this.services.findById(payload.serviceId);
    const organisation = service ? await this.services.findOrganisation(service.organisationId) : null;
    if (!service || !organisation || !mayRead(known, organisation)) {
      throw notFound('service');
    }
    return toServiceView(service);
  }

  async create(
    actor: Actor | null,
    payload: CreateServicePayload,
    correlationId: string,
  ): Promise<ServiceView> {
    const context = { actor: requireActor(actor), correlationId };
    const organisation = await this.services.findOrganisation(payload.organisationId);
    await this.enforce(context, 'service.create', null, payload.organisationId, () => {
      requireServiceManager(context.actor);
      requireOrganisationAdmin(context.actor, payload.organisationId);
      if (!organisation) {
        throw notFound();
      }
    });
    return this.services.dataSource.transaction(async (manager) => {
      const created = await this.services.insert(manager, {
        organisationId: payload.organisationId,
        ...toServiceColumns(payload),
      });
      await this.recordChange(manager, context, created, 'created');
      return replyWithin(manager, toServiceView(created));
    });
  }

  async update(
    actor: Actor | null,
    payload: UpdateServicePayload,
    correlationId: string,
  ): Promise<ServiceView> {
    const context = { actor: requireActor(actor), correlationId };
    return this.withManagedService(context, 'service.update', payload.serviceId, async (manager, service) => {
      const updated = await this.services.update(manager, service.id, toServiceColumns(payload));
      await this.recordChange(manager, context, updated, 'updated');
      return replyWithin(manager, toServiceView(updated));
    });
  }

  async remove(
    actor: Actor | null,
    payload: ServiceIdPayload,
    correlationId: string,
  ): Promise<{ deleted: true }> {
    const context = { actor: requireActor(actor), correlationId };
    return this.withManagedService(context, 'service.delete', payload.serviceId, async (manager, service) => {
      await this.services.softDelete(manager, service.id);
      await this.recordChange(manager, context, service, 'deleted');
      return replyWithin(manager, { deleted: true as const });
    });
  }

  /** Runs a change on a service the caller manages, with the row locked; a refusal is audited and changes nothing. */
  private async withManagedService<T>(
    context: ActorContext,
    action: string,
    serviceId: string,
    change: (manager: EntityManager, service: ServiceEntity) => Promise<T>,
  ): Promise<T> {
    const found = await this.services.findById(serviceId);
    await this.enforce(context, action, serviceId, found?.organisationId ?? null, () => {
      requireServiceManager(context.actor);
      if (!found) {
        throw notFound('service');
      }
      try {
        requireOrganisationAdmin(context.actor, found.organisationId);
      } catch (error) {
        throw error instanceof AppError && error.code === 'RESOURCE.NOT_FOUND' ? notFound('service') : error;
      }
    });
    return this.services.dataSource.transaction(async (manager) => {
      // Removed (or gone) between the check and the lock: the same answer as if it had never been.
      const locked = await this.services.findByIdForUpdate(manager, serviceId);
      if (!locked) {
        throw notFound('service');
      }
      return change(manager, locked);
    });
  }

  /** The access rule of one request; a refusal (403/404) is audited before it is answered (see enforce). */
  private enforce(
    context: ActorContext,
    action: string,
    targetId: string | null,
    organisationId: string | null,
    rule: () => void,
  ): Promise<void> {
    return enforce(
      this.outbox,
      this.services.dataSource,
      context,
      { action, targetType: 'service', targetId, targetOrganisationId: organisationId },
      rule,
    );
  }

  private async recordChange(
    manager: EntityManager,
    context: ActorContext,
    service: ServiceEntity,
    change: Change,
  ): Promise<void> {
    await recordAudit(this.outbox, manager, context, {
      action: `service.${change}`,
      targetType: 'service',
      targetId: service.id,
      detail: { serviceOrganisationId: service.organisationId },
    });
    await this.outbox.append(
      manager,
      'events.partners.service.changed',
      { serviceId: service.id, organisationId: service.organisationId, change },
      context,
    );
  }
}

function mayRead(actor: Actor, organisation: OrganisationEntity): boolean {
  return (
    organisation.status === 'active' || isPlatformAdmin(actor) || actor.organisationId === organisation.id
  );
}

/** The role check comes first: a role that may never manage services gets 403 whatever the target. */
function requireServiceManager(actor: Actor): void {
  if (!isPlatformAdmin(actor) && actor.role !== 'org_admin') {
    throw new AppError('AUTH.FORBIDDEN', "Only the organisation's administrator may change its services");
  }
}
