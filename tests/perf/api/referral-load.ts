// The referrals the benchmarks create through the API: an advisor's token (renewed when asked),
// clients with a consent to the employment services, and creates that send to them at once.
import { passwordGrant } from '#testing';
import { DEMO_ORG_EMPLOYMENT } from '../../../apps/partners/src/demo/demo-organisations.js';
import { failure } from './load.js';
import type { Stack } from './stack.js';

/** Clients referred in turn: the service serialises the creations of one client (an advisory lock). */
export const CLIENTS = 16;

export class Api {
  constructor(
    private readonly baseUrl: string,
    private token: string,
    private readonly refresh: () => Promise<string>,
  ) {}

  async renew(): Promise<void> {
    this.token = await this.refresh();
  }

  get bearer(): string {
    return this.token;
  }

  request(method: string, route: string, body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

export async function login(stack: Stack, username: string): Promise<Api> {
  const refresh = () => passwordGrant(stack.idpUrl, username);
  return new Api(stack.gatewayUrl, await refresh(), refresh);
}

const CATEGORIES = ['identity', 'contact', 'language'];

export async function seedClients(advisor: Api): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < CLIENTS; i += 1) {
    const created = await advisor.request('POST', '/api/v1/clients', {
      firstName: 'Bench',
      lastName: `Client${i}`,
      dateOfBirth: '1990-05-17',
      languages: ['so', 'fi'],
      preferredLanguage: 'so',
      phone: '+358401234567',
      email: `bench${i}@example.org`,
      needs: [{ category: 'employment', description: 'Looking for work in logistics' }],
      confirmDuplicate: true,
    });
    if (created.status !== 201) {
      throw await failure(created, 'seed client');
    }
    const { id } = (await created.json()) as { id: string };
    const consent = await advisor.request('POST', `/api/v1/clients/${id}/consents`, {
      purposes: ['referral', 'follow_up'],
      method: 'signed_form',
      givenBy: 'client',
      noticeVersion: '2025-1',
      noticeLanguage: 'fi',
      interpreterUsed: false,
      recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT],
      categories: CATEGORIES,
    });
    if (consent.status !== 201) {
      throw await failure(consent, 'seed consent');
    }
    ids.push(id);
  }
  return ids;
}

/** Creates referrals (send: true, to the employment services), noting when each answered. */
export function creator(advisor: Api, clients: string[], created: Map<string, number>) {
  return async (worker: number): Promise<void> => {
    const res = await advisor.request('POST', '/api/v1/referrals', {
      clientId: clients[worker % clients.length],
      receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
      need: 'employment',
      reason: 'Has a forklift licence; looking for warehouse work',
      urgency: 'routine',
      categories: CATEGORIES,
      language: 'fi',
      interpreterNeeded: false,
      send: true,
      confirmDuplicate: true,
    });
    if (res.status !== 201) {
      throw await failure(res, 'create');
    }
    const { id } = (await res.json()) as { id: string };
    created.set(id, Date.now());
  };
}
