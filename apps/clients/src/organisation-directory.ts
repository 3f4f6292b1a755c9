import { Inject, Injectable, type Provider } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { AppError, type OrganisationSummary } from '#contracts';
import { ManagedServiceClient, managedServiceClientProvider } from '#messaging';
import type { CallContext } from './access.js';

/** Requests to other services (the partners service's organisations). */
export class PeerServices extends ManagedServiceClient {}

export function peerServicesProvider(config: CommonConfig): Provider {
  return managedServiceClientProvider(PeerServices, 'clients', config);
}

/** Organisations as the partners service knows them: consent recipients and receipt names. */
@Injectable()
export class OrganisationDirectory {
  constructor(@Inject(PeerServices) private readonly peers: PeerServices) {}

  async lookup(context: CallContext, ids: string[]): Promise<Map<string, OrganisationSummary>> {
    if (ids.length === 0) {
      return new Map();
    }
    const reply = await this.peers.request('partners.organisation.lookup', { ids }, context);
    return new Map(reply.organisations.map((organisation) => [organisation.id, organisation]));
  }

  /**
   * Consent recipients must be organisations on the platform that are not deactivated.
   * Refuses with 400 naming the field (`recipientOrganisationIds[1]`) otherwise.
   */
  async requireRecipients(
    context: CallContext,
    ids: string[],
    field = 'recipientOrganisationIds',
  ): Promise<void> {
    const known = await this.lookup(context, ids);
    const problems = ids.flatMap((id, index) => {
      const organisation = known.get(id);
      if (!organisation) {
        return [{ field: `${field}[${index}]`, reasons: [`${field}[${index}] is not a known organisation`] }];
      }
      if (organisation.status === 'deactivated') {
        return [
          { field: `${field}[${index}]`, reasons: [`${field}[${index}] is a deactivated organisation`] },
        ];
      }
      return [];
    });
    if (problems.length > 0) {
      throw new AppError('VALIDATION.FAILED', 'The consent names an unknown organisation', problems);
    }
  }
}
