// What every change to members and invitations shares: the organisation's administration rule,
// the audit entry, and the oldest-first pages.
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, type ActorContext, requireActor } from '#contracts';
import { OutboxWriter } from '#messaging';
import { CursorCodec } from '#service-core';
import { notFound, requireOrganisationAdmin } from '../access.js';
import { enforce, recordAudit } from '../audit.js';
import type { scopeOf } from '../cursor.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { MembersRepository } from './members.repository.js';

type Keyed = { createdAt: Date; id: string };

@Injectable()
export class MemberAdministration {
  constructor(
    private readonly members: MembersRepository,
    private readonly organisations: OrganisationsRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
    private readonly cursors: CursorCodec,
  ) {}

  /**
   * The organisation's administration rule (requireOrganisationAdmin, or `exempt`); a refusal is
   * audited before it is answered (see enforce).
   */
  enforceAdmin(
    actor: Actor | null,
    correlationId: string,
    action: string,
    targetType: string,
    targetId: string | null,
    organisationId: string,
    exempt: (actor: Actor) => boolean = () => false,
  ): Promise<Actor> {
    return enforce(
      this.outbox,
      this.members.dataSource,
      { actor, correlationId },
      { action, targetType, targetId: targetId ?? organisationId, targetOrganisationId: organisationId },
      () => {
        // The system passes only where `exempt` lets it (the notifications service reading an invitation).
        const known = requireActor(actor, 'user_or_system');
        return exempt(known) ? known : requireOrganisationAdmin(known, organisationId);
      },
    );
  }

  async requireOrganisation(id: string): Promise<void> {
    if (!(await this.organisations.findById(id))) {
      throw notFound();
    }
  }

  page<Row extends Keyed, View>(
    rows: Row[],
    limit: number,
    scope: ReturnType<typeof scopeOf>,
    view: (row: Row) => View,
  ): { items: View[]; nextCursor: string | null } {
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(view),
      nextCursor:
        rows.length > limit && last
          ? this.cursors.encode(scope, [last.createdAt.toISOString(), last.id])
          : null,
    };
  }

  record(
    manager: EntityManager,
    context: ActorContext,
    action: string,
    targetType: string,
    targetId: string,
    organisationId: string,
    detail?: Record<string, string>,
  ): Promise<void> {
    return recordAudit(this.outbox, manager, context, {
      action,
      targetType,
      targetId,
      detail: { organisationId, ...detail },
    });
  }
}
