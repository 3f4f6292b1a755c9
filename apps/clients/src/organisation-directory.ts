import { Injectable } from '@nestjs/common';
import { AppError, type ActorContext, type OrganisationSummary } from '#contracts';
import { ServiceClient } from '#messaging';

/** Organisations as the partners service knows them: consent recipients and receipt names. */
@Injectable()
export class OrganisationDirectory {
  constructor(private readonly peers: ServiceClient) {}

  async lookup(context: ActorContext, ids: string[]): Promise<Map<string, OrganisationSummary>> {
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
    context: ActorContext,
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
