import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import {
  canonicalJson,
  chainHash,
  describeBreak,
  GENESIS_HASH,
  verifyBatch,
  type ChainRecord,
} from './audit-chain.js';

const KEY = createSecretKey(randomBytes(32));

function record(
  seq: number,
  prevHash: string,
  overrides: Partial<ChainRecord> = {},
): ChainRecord & { hash: string } {
  const content: ChainRecord = {
    seq: String(seq),
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    action: 'referral.shared_data.read',
    outcome: 'granted',
    actorUserId: 'user-1',
    actorRole: 'partner_staff',
    organisationId: 'org-1',
    targetType: 'referral',
    targetId: 'referral-1',
    clientId: 'client-1',
    consentId: 'consent-1',
    recipientOrganisationId: 'org-1',
    correlationId: 'corr-1',
    sourceService: 'referrals',
    detail: { categories: 'contact,needs' },
    occurredAt: '2026-01-02T03:04:05.678Z',
    recordedAt: '2026-01-02T03:04:05.900Z',
    prevHash,
    ...overrides,
  };
  return { ...content, hash: chainHash(content, KEY) };
}

function chain(length: number): (ChainRecord & { hash: string })[] {
  const records: (ChainRecord & { hash: string })[] = [];
  for (let seq = 1; seq <= length; seq += 1) {
    records.push(record(seq, records.at(-1)?.hash ?? GENESIS_HASH));
  }
  return records;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":null,"z":1}]},"b":1}',
    );
  });

  it('gives the same hash whatever the key order', () => {
    const one = record(1, GENESIS_HASH, { detail: { a: 1, b: 'x' } });
    const other = record(1, GENESIS_HASH, { detail: { b: 'x', a: 1 } });
    expect(one.hash).toBe(other.hash);
  });

  it('refuses values it cannot encode faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow('non-finite');
  });
});

describe('verifyBatch', () => {
  it('accepts an intact chain and carries its head into the next batch', () => {
    const records = chain(4);
    const first = verifyBatch(records.slice(0, 2), { seq: 0n, hash: GENESIS_HASH }, KEY);
    expect(first).toEqual({ ok: true, seq: 2n, hash: records[1].hash });
    if (!first.ok) {
      throw new Error('unreachable');
    }
    expect(verifyBatch(records.slice(2), first, KEY)).toEqual({ ok: true, seq: 4n, hash: records[3].hash });
  });

  it('names a record whose content was altered', () => {
    const records = chain(3);
    records[1] = { ...records[1], action: 'client.read' };
    const result = verifyBatch(records, { seq: 0n, hash: GENESIS_HASH }, KEY);
    expect(result).toEqual({ ok: false, broken: { kind: 'hash', seq: '2', id: records[1].id } });
    if (!result.ok) {
      expect(describeBreak(result.broken)).toContain(`seq 2 (id ${records[1].id})`);
    }
  });

  it('names the next record when one was altered and re-hashed', () => {
    const records = chain(3);
    records[1] = record(2, records[0].hash, { targetId: 'referral-2' });
    expect(verifyBatch(records, { seq: 0n, hash: GENESIS_HASH }, KEY)).toEqual({
      ok: false,
      broken: { kind: 'prev_hash', seq: '3', id: records[2].id },
    });
  });

  it('names the record after a removed one', () => {
    const records = chain(3);
    expect(verifyBatch([records[0], records[2]], { seq: 0n, hash: GENESIS_HASH }, KEY)).toEqual({
      ok: false,
      broken: { kind: 'gap', seq: '3', id: records[2].id, expectedSeq: '2' },
    });
  });

  it('refuses a record altered and re-hashed without the key, even with the rest re-linked', () => {
    const records = chain(3);
    // What someone with write access but no AUDIT_CHAIN_KEY can do: sha256 (or an HMAC under a
    // guessed key) over the changed content, and the next records re-linked the same way.
    const forge = (stored: ChainRecord & { hash: string }, prevHash: string) => {
      const withPrev: ChainRecord = { ...stored, prevHash };
      delete (withPrev as Partial<typeof stored>).hash;
      return { ...withPrev, hash: createHash('sha256').update(canonicalJson(withPrev)).digest('hex') };
    };
    records[1] = forge({ ...records[1], targetId: 'referral-2' }, records[0].hash);
    expect(verifyBatch(records, { seq: 0n, hash: GENESIS_HASH }, KEY)).toEqual({
      ok: false,
      broken: { kind: 'hash', seq: '2', id: records[1].id },
    });
    const guessed = chain(3).map((r) => ({ ...r }));
    expect(
      verifyBatch(guessed, { seq: 0n, hash: GENESIS_HASH }, createSecretKey(randomBytes(32))),
    ).toMatchObject({
      ok: false,
      broken: { kind: 'hash', seq: '1' },
    });
  });
});
