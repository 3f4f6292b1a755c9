// A registered client as the statistics see them: banded and coded, nothing that identifies.
import {
  ageBandOf,
  helsinkiDate,
  municipalityCode,
  type ContactGender,
  type ParticipantRecordedData,
} from '#contracts';
import { esfOf } from '../clients/client.mapper.js';
import type { ClientEntity } from '../clients/client.entity.js';

const genderOf = (client: ClientEntity): ContactGender =>
  client.gender === null || client.gender === 'unknown' ? 'not_given' : client.gender;

/** The age band at entry (registration), from the birth year kept for this purpose. */
export function participantRecord(client: ClientEntity): ParticipantRecordedData {
  return {
    clientId: client.id,
    organisationId: client.organisationId,
    entryDate: helsinkiDate(client.createdAt),
    ageBand: ageBandOf(client.birthYear, client.createdAt),
    gender: genderOf(client),
    municipality: municipalityCode(client.municipality),
    esf: esfOf(client),
    recordedAt: client.updatedAt.toISOString(),
  };
}

/** Whether an update changed what the statistics hold of the client. */
export function participantChanged(before: ParticipantRecordedData, after: ParticipantRecordedData): boolean {
  const attributes = (record: ParticipantRecordedData) => JSON.stringify({ ...record, recordedAt: null });
  return attributes(before) !== attributes(after);
}
