import { AppError } from '#contracts';
import { textsWithheld } from './referral.mapper.js';
import { requireNeedCategories, toMinimalView } from './referral-access.js';

describe(requireNeedCategories.name, () => {
  it('requires the health category for a health need, naming it', () => {
    let error: unknown;
    try {
      requireNeedCategories('health', ['identity', 'contact']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'REFERRAL.CATEGORY_REQUIRED',
      details: { field: 'categories', missingCategories: ['health'] },
    });
  });

  it('lets a health need with the health category, and other needs without it, pass', () => {
    expect(() => requireNeedCategories('health', ['health'])).not.toThrow();
    expect(() => requireNeedCategories('employment', [])).not.toThrow();
  });
});

describe(textsWithheld.name, () => {
  const at = new Date();
  it('withholds the texts from the receiver once redacted, from everyone once erased', () => {
    expect(textsWithheld({ redactedAt: null, redactionReason: null }, 'receiver')).toBe(false);
    expect(textsWithheld({ redactedAt: at, redactionReason: 'consent_withdrawn' }, 'receiver')).toBe(true);
    expect(textsWithheld({ redactedAt: at, redactionReason: 'consent_expired' }, 'receiver')).toBe(true);
    expect(textsWithheld({ redactedAt: at, redactionReason: 'consent_withdrawn' }, 'sender')).toBe(false);
    expect(textsWithheld({ redactedAt: at, redactionReason: 'client_erased' }, 'sender')).toBe(true);
  });
});

describe(toMinimalView.name, () => {
  it('keeps the id, status and version only', () => {
    const referral = {
      id: 'r',
      status: 'cancelled',
      version: 3,
      reasonEncrypted: 'x',
      clientId: 'c',
    } as const;
    expect(toMinimalView(referral)).toEqual({ id: 'r', status: 'cancelled', version: 3 });
  });
});
