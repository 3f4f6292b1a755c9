import { Injectable } from '@nestjs/common';
import { SYSTEM_ACTOR, type LocalisedName } from '#contracts';
import { StatisticsServiceClient } from '../peers.js';

/** Organisation names and response promises for the rows that name organisations (the partners service). */
@Injectable()
export class OrganisationNames {
  constructor(private readonly peers: StatisticsServiceClient) {}

  async names(ids: string[]): Promise<Record<string, LocalisedName>> {
    const organisations = await this.lookup(ids);
    return Object.fromEntries(organisations.map((organisation) => [organisation.id, organisation.name]));
  }

  async responseDays(ids: string[]): Promise<Record<string, number>> {
    const organisations = await this.lookup(ids);
    return Object.fromEntries(
      organisations.map((organisation) => [organisation.id, organisation.responseDays]),
    );
  }

  private async lookup(ids: string[]) {
    if (ids.length === 0) {
      return [];
    }
    const reply = await this.peers.request(
      'partners.organisation.lookup',
      { ids },
      { actor: SYSTEM_ACTOR, correlationId: `statistics-names-${Date.now()}` },
    );
    return reply.organisations;
  }
}
