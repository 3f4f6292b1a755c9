import { AppError } from '#contracts';
import { CursorCodec, isTimeAndId, isUuid } from './cursor.js';

const codec = new CursorCodec('test-secret');
const ORG_A = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d01';
const ORG_B = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d02';
const ID = '0a8f3c2e-1b2d-4e5f-8a9b-0c1d2e3f4a5b';
const scope = { list: 'clients', organisationId: ORG_A };

function refusedField(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION.FAILED');
    return ((error as AppError).details as { field: string }[])[0].field;
  }
  throw new Error('not refused');
}

describe(CursorCodec.name, () => {
  it('reads back what it wrote for the same list and organisation', () => {
    expect(codec.decode(scope, codec.encode(scope, ID), isUuid)).toBe(ID);
    expect(codec.decode(scope, undefined, isUuid)).toBeNull();
    expect(codec.decode(scope, '', isUuid)).toBeNull();
  });

  it('refuses a cursor of another organisation, another list, another user or another key', () => {
    const cursor = codec.encode(scope, ID);
    expect(refusedField(() => codec.decode({ ...scope, organisationId: ORG_B }, cursor, isUuid))).toBe(
      'cursor',
    );
    expect(refusedField(() => codec.decode({ ...scope, list: 'consents' }, cursor, isUuid))).toBe('cursor');
    expect(refusedField(() => codec.decode({ ...scope, userId: 'someone' }, cursor, isUuid))).toBe('cursor');
    expect(refusedField(() => new CursorCodec('other').decode(scope, cursor, isUuid))).toBe('cursor');
  });

  it('refuses a tampered payload, a forged plain id, and a payload of the wrong shape', () => {
    const cursor = codec.encode(scope, ID);
    const [, mac] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify(ORG_B)).toString('base64url')}.${mac}`;
    for (const bad of [forged, Buffer.from(ID).toString('base64url'), `${cursor}.x`, 'nonsense', '.']) {
      expect(refusedField(() => codec.decode(scope, bad, isUuid))).toBe('cursor');
    }
    const wrongShape = codec.encode(scope, { at: 'yesterday', id: ID });
    expect(refusedField(() => codec.decode(scope, wrongShape, isTimeAndId))).toBe('cursor');
  });
});
