import { Injectable } from '@nestjs/common';
import {
  AppError,
  type Actor,
  type DirectoryServiceView,
  type HsdsDirectory,
  type HsdsExportPayload,
  type Page,
  type SearchDirectoryPayload,
  isPlatformAdmin,
  requireActor,
} from '#contracts';

import { CursorCodec } from '#service-core';
import { DEFAULT_PAGE_SIZE, isSortKey, scopeOf } from '../cursor.js';
import { localisedName } from '../organisations/organisation.mapper.js';
import { toServiceView } from '../services/service.mapper.js';
import { DirectoryRepository, type DirectoryHit } from './directory.repository.js';
import { toHsdsDirectory } from './hsds.js';

/** At most this many words of a query count; more would only slow the search down. */
const MAX_WORDS = 8;

export function searchWords(q: string | undefined): string[] {
  return (q ?? '')
    .split(/\s+/u)
    .map((word) => word.trim())
    .filter((word) => word.length > 0)
    .slice(0, MAX_WORDS);
}

function toDirectoryView({ service, organisation }: DirectoryHit): DirectoryServiceView {
  return {
    ...toServiceView(service),
    organisation: {
      id: organisation.id,
      name: localisedName(organisation),
      acceptingReferrals: organisation.acceptingReferrals,
      responseDays: organisation.responseDays,
    },
  };
}

/** The advisors' search and the HSDS export, over active organisations that receive referrals. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly cursors: CursorCodec,
  ) {}

  async search(actor: Actor | null, payload: SearchDirectoryPayload): Promise<Page<DirectoryServiceView>> {
    const known = requireActor(actor);
    if (known.role !== 'advisor' && !isPlatformAdmin(known)) {
      throw new AppError('AUTH.FORBIDDEN', 'Only advisors search the service directory');
    }
    const limit = payload.limit ?? DEFAULT_PAGE_SIZE;
    const scope = scopeOf('directory', known.organisationId);
    const hits = await this.directory.search({
      need: payload.need,
      language: payload.language,
      words: searchWords(payload.q),
      after: this.cursors.decode(scope, payload.cursor, isSortKey),
      limit: limit + 1,
    });
    const items = hits.slice(0, limit);
    const last = items.at(-1)?.service;
    return {
      items: items.map(toDirectoryView),
      nextCursor: hits.length > limit && last ? this.cursors.encode(scope, [last.nameFi, last.id]) : null,
    };
  }

  async hsds(actor: Actor | null, payload: HsdsExportPayload): Promise<HsdsDirectory> {
    requireActor(actor);
    const { organisations, services } = await this.directory.everything();
    return toHsdsDirectory(
      organisations.map((organisation) => ({
        id: organisation.id,
        name: localisedName(organisation),
        businessId: organisation.businessId,
        kind: organisation.kind,
      })),
      services.map(toServiceView),
      payload.lang ?? 'fi',
    );
  }
}
