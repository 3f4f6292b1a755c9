// The clients service's column cipher: the platform's one scheme (`#database` FieldCipher, keys
// derived from CLIENTS_DATA_KEY) plus the identity-code search hash under CLIENTS_SEARCH_KEY.
import { BlindIndex, FieldCipher as ColumnCipher } from '#database';

export class FieldCipher extends ColumnCipher {
  private readonly index: BlindIndex;

  constructor(options: { key: Buffer; previousKeys?: Buffer[]; searchKey: Buffer }) {
    super({ scope: 'clients', key: options.key, previousKeys: options.previousKeys });
    this.index = new BlindIndex(options.searchKey);
  }

  /** A keyed hash for equality search: the same input gives the same value, nothing else can be learnt. */
  blindIndex(value: string): string {
    return this.index.of(value);
  }
}
