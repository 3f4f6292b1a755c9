// The referrals service's encrypted columns, under the platform's one column scheme (`#database`
// FieldCipher, keys derived from REFERRALS_DATA_KEY): each value is bound to its column and row.
import { FieldCipher, type FieldRef } from '#database';

export { FieldCipher };

export const referralFields = {
  reason: (referralId: string): FieldRef => ({ column: 'referral.reason', row: referralId }),
  sharedData: (referralId: string): FieldRef => ({ column: 'referral.shared_data', row: referralId }),
  historyReasonText: (entryId: string): FieldRef => ({ column: 'history.reason_text', row: entryId }),
  historyNote: (entryId: string): FieldRef => ({ column: 'history.note', row: entryId }),
  messageBody: (messageId: string): FieldRef => ({ column: 'message.body', row: messageId }),
};

export function referralsCipher(key: Buffer, previousKeys: Buffer[] = []): FieldCipher {
  return new FieldCipher({ scope: 'referrals', key, previousKeys });
}
