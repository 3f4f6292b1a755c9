import { randomBytes } from 'node:crypto';
import { BlindIndex, FieldCipher as ColumnCipher } from '#database';
import { FieldCipher } from './field-cipher.js';

describe('the clients FieldCipher', () => {
  const key = randomBytes(32);
  const searchKey = randomBytes(32);
  const cipher = new FieldCipher({ key, searchKey });

  it('is the platform scheme under the clients scope', () => {
    const field = { column: 'pic', row: 'client-1' };
    const stored = cipher.encrypt('131052-308T', field);
    expect(new ColumnCipher({ scope: 'clients', key }).decrypt(stored, field)).toBe('131052-308T');
  });

  it('hashes identity codes with the search key, not with the data key', () => {
    expect(cipher.blindIndex('131052-308T')).toBe(new BlindIndex(searchKey).of('131052-308T'));
    expect(cipher.blindIndex('131052-308T')).not.toBe(new BlindIndex(key).of('131052-308T'));
  });
});
