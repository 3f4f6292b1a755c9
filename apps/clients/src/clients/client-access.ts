import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError, type ActorContext } from '#contracts';
import { AuditRecorder } from '#service-core';
import { clientNotFound } from '../access.js';
import type { ClientEntity } from './client.entity.js';
import { ClientRepository } from './client.repository.js';

/**
 * Loads a client for the caller: another organisation's client is 404 (and the attempt is
 * audited as refused), so nobody learns that it exists.
 */
@Injectable()
export class ClientAccess {
  constructor(
    private readonly clients: ClientRepository,
    private readonly audit: AuditRecorder,
  ) {}

  async ownClient(
    context: ActorContext,
    clientId: string,
    action: string,
    options: { manager?: EntityManager; lock?: boolean; live?: boolean } = {},
  ): Promise<ClientEntity> {
    const client =
      options.lock && options.manager
        ? await this.clients.lockById(options.manager, clientId)
        : await this.clients.findById(clientId, options.manager);
    if (!client) {
      throw clientNotFound();
    }
    if (client.organisationId !== context.actor.organisationId) {
      await this.audit.recordReads(context, [
        { action, outcome: 'refused', targetType: 'client', targetId: client.id, clientId: client.id },
      ]);
      throw clientNotFound();
    }
    if (options.live && client.erasedAt !== null) {
      throw new AppError('CLIENT.ERASED', 'The client has been erased');
    }
    return client;
  }
}
