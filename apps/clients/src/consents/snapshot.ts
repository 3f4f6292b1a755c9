import type { DataCategory, DisclosureSnapshotReply, SnapshotCategories } from '#contracts';
import type { ClientEntity } from '../clients/client.entity.js';
import { decryptBackground, decryptNeeds, picContext } from '../clients/client.mapper.js';
import type { FieldCipher } from '../crypto/field-cipher.js';

/** The client's data under each category; only the asked (and consented) categories leave the service. */
export function buildSnapshot(
  client: ClientEntity,
  categories: DataCategory[],
  cipher: FieldCipher,
): DisclosureSnapshotReply['data'] {
  const wanted = new Set(categories);
  const needs = wanted.has('needs') || wanted.has('health') ? decryptNeeds(client, cipher) : [];
  const sections: { [C in DataCategory]: () => SnapshotCategories[C] } = {
    identity: () => ({
      firstName: client.firstName,
      lastName: client.lastName,
      dateOfBirth: client.dateOfBirth,
      personalIdentityCode: cipher.decryptNullable(client.personalIdentityCodeEnc, picContext(client.id)),
    }),
    contact: () => ({ phone: client.phone, email: client.email, municipality: client.municipality }),
    language: () => ({
      languages: client.languages,
      preferredLanguage: client.preferredLanguage,
      interpreterNeeded: client.interpreterNeeded,
    }),
    background: () => decryptBackground(client, cipher),
    needs: () => ({ needs: needs.filter((need) => need.category !== 'health') }),
    health: () => ({ needs: needs.filter((need) => need.category === 'health') }),
  };
  const data: DisclosureSnapshotReply['data'] = {};
  for (const category of categories) {
    (data as Record<DataCategory, unknown>)[category] = sections[category]();
  }
  return data;
}
