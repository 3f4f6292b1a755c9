// Stand-ins for the partners and clients services on the test's NATS namespace: integration tests
// of the referrals service only (the system tests use the real services).
import { randomUUID } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  AppError,
  SYSTEM_ACTOR,
  type Actor,
  type ConsentCheckReply,
  type DataCategory,
  type Envelope,
  type OrganisationSummary,
  type RequestOf,
  type RequestSubject,
} from '#contracts';
import { namespaced } from '#messaging';

export interface StandInClient {
  id: string;
  organisationId: string;
  erased: boolean;
  data: Record<DataCategory, Record<string, unknown>>;
}

export interface StandInConsent {
  id: string;
  version: number;
  clientId: string;
  organisationIds: string[];
  categories: DataCategory[];
  active: boolean;
}

export function organisation(overrides: Partial<OrganisationSummary> = {}): OrganisationSummary {
  return {
    id: randomUUID(),
    name: { fi: 'Organisaatio', sv: null, en: 'Organisation' },
    status: 'active',
    canSend: true,
    canReceive: true,
    acceptingReferrals: true,
    responseDays: 3,
    ...overrides,
  };
}

export function clientData(id: string): Record<DataCategory, Record<string, unknown>> {
  return {
    identity: { firstName: 'Amina', lastName: `Test-${id.slice(0, 4)}`, dateOfBirth: '1990-01-01' },
    contact: { phone: '+358401234567', email: 'amina@example.org' },
    language: { languages: ['so', 'fi'], preferredLanguage: 'so', interpreterNeeded: true },
    background: { education: 'secondary' },
    needs: { description: 'Looking for work' },
    health: { note: 'special category' },
  };
}

type Handler<S extends RequestSubject> = (data: RequestOf<S>, actor: Actor | null) => unknown;

/** In-memory partners and clients, answering the four requests the referrals service makes. */
export class StandIns {
  readonly organisations = new Map<string, OrganisationSummary>();
  readonly clients = new Map<string, StandInClient>();
  readonly consents = new Map<string, StandInConsent>();
  /** Active members: `organisationId:userId`. */
  readonly members = new Set<string>();
  readonly calls: { subject: string; data: unknown }[] = [];
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
  ) {}

  start(): void {
    this.handle('partners.organisation.lookup', (data) => ({
      organisations: data.ids.flatMap((id) => {
        const found = this.organisations.get(id);
        return found ? [found] : [];
      }),
    }));
    this.handle('partners.membership.check', (data, actor) => {
      if (actor?.userId !== SYSTEM_ACTOR.userId && actor?.organisationId !== data.organisationId) {
        throw new AppError('RESOURCE.NOT_FOUND', 'No such organisation');
      }
      return { member: this.members.has(`${data.organisationId}:${data.userId}`) };
    });
    this.handle('clients.client.summary', (data, actor) => {
      const client = this.visibleClient(data.clientId, actor);
      return {
        id: client.id,
        organisationId: client.organisationId,
        preferredLanguage: 'so',
        erased: client.erased,
      };
    });
    // The system actor (the consent follow-through) may ask about any client, as in the clients service.
    this.handle('clients.consent.check', (data, actor) =>
      this.check(data, actor, actor?.userId === SYSTEM_ACTOR.userId),
    );
    this.handle('clients.disclosure.snapshot', (data, actor) => {
      // As the clients service: another organisation's client is not found, an erased one refused.
      if (this.visibleClient(data.clientId, actor).erased) {
        throw new AppError('CLIENT.ERASED', 'The client has been erased');
      }
      const reply = this.check(data, actor);
      if (!reply.allowed) {
        throw new AppError('CONSENT.NOT_COVERED', 'not covered', reply);
      }
      const client = this.clients.get(data.clientId)!;
      return {
        consentId: reply.consentId,
        consentVersion: reply.consentVersion,
        data: Object.fromEntries(data.categories.map((category) => [category, client.data[category]])),
      };
    });
  }

  stop(): void {
    for (const subscription of this.subscriptions) {
      subscription.unsubscribe();
    }
  }

  addClient(organisationId: string): StandInClient {
    const id = randomUUID();
    const client = { id, organisationId, erased: false, data: clientData(id) };
    this.clients.set(id, client);
    return client;
  }

  addConsent(clientId: string, organisationIds: string[], categories: DataCategory[]): StandInConsent {
    const consent = { id: randomUUID(), version: 1, clientId, organisationIds, categories, active: true };
    this.consents.set(consent.id, consent);
    return consent;
  }

  addMember(organisationId: string, userId: string): void {
    this.members.add(`${organisationId}:${userId}`);
  }

  addOrganisation(overrides: Partial<OrganisationSummary> = {}): OrganisationSummary {
    const created = organisation(overrides);
    this.organisations.set(created.id, created);
    return created;
  }

  private visibleClient(clientId: string, actor: Actor | null, system = false): StandInClient {
    const client = this.clients.get(clientId);
    if (!client || (!system && client.organisationId !== actor?.organisationId)) {
      throw new AppError('RESOURCE.NOT_FOUND', 'No such client');
    }
    return client;
  }

  private check(
    data: RequestOf<'clients.consent.check'>,
    actor: Actor | null,
    system = false,
  ): ConsentCheckReply {
    // As the clients service: an erased client has no consent to check.
    if (this.visibleClient(data.clientId, actor, system).erased) {
      return { allowed: false, reason: 'CLIENT_NOT_FOUND' };
    }
    const active = [...this.consents.values()].filter((c) => c.clientId === data.clientId && c.active);
    if (active.length === 0) {
      return { allowed: false, reason: 'NO_ACTIVE_CONSENT' };
    }
    const forOrganisation = active.filter((c) => c.organisationIds.includes(data.organisationId));
    if (forOrganisation.length === 0) {
      return {
        allowed: false,
        reason: 'ORGANISATION_NOT_COVERED',
        missingOrganisationId: data.organisationId,
      };
    }
    const consent = forOrganisation[0];
    const missing = data.categories.filter((category) => !consent.categories.includes(category));
    if (missing.length > 0) {
      return { allowed: false, reason: 'CATEGORIES_NOT_COVERED', missingCategories: missing };
    }
    return { allowed: true, consentId: consent.id, consentVersion: consent.version };
  }

  private handle<S extends RequestSubject>(subject: S, handler: Handler<S>): void {
    const subscription = this.nc.subscribe(namespaced(this.prefix, subject), {
      callback: (_error, msg) => {
        const packet = msg.json<{ id: string; data: Envelope<RequestOf<S>> }>();
        this.calls.push({ subject, data: packet.data.data });
        try {
          const response = handler(packet.data.data, packet.data.actor);
          msg.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
        } catch (error) {
          const err =
            error instanceof AppError ? error.toBody() : { code: 'INTERNAL.ERROR', message: String(error) };
          msg.respond(JSON.stringify({ id: packet.id, err, isDisposed: true }));
        }
      },
    });
    this.subscriptions.push(subscription);
  }
}
