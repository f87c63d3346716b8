import { ErrorCode } from '../../../platform/errors';
import { cashbackFor, parseCashbackRate, type CashbackTerms, type MerchantPayment } from './cashback';

const terms: CashbackTerms = {
  category: 'DINING',
  currency: 'EUR',
  cashbackRate: '0.05',
  minSpendMinor: 2_000n,
  maxCashbackMinor: 1_000n,
  maxTotalCashbackMinor: 2_500n,
  validFrom: new Date('2026-11-01T00:00:00Z'),
  validUntil: new Date('2026-12-01T00:00:00Z'),
};
const activation = { activatedAt: new Date('2026-11-02T00:00:00Z'), cashbackEarnedMinor: 0n };
const payment = (overrides: Partial<MerchantPayment> = {}): MerchantPayment => ({
  category: 'DINING',
  currency: 'EUR',
  amountMinor: 8_000n,
  completedAt: new Date('2026-11-10T12:00:00Z'),
  ...overrides,
});

describe('cashback on a merchant payment', () => {
  it('pays rate x amount: 5 % of 80.00 is 4.00', () => {
    expect(cashbackFor(terms, activation, payment())).toBe(400n);
  });

  it('rounds half to even in minor units', () => {
    // 5 % of 20.10 is 1.005 -> 1.00; of 20.30 is 1.015 -> 1.02.
    expect(cashbackFor(terms, activation, payment({ amountMinor: 2_010n }))).toBe(100n);
    expect(cashbackFor(terms, activation, payment({ amountMinor: 2_030n }))).toBe(102n);
  });

  it('earns nothing before activation, in another category or currency, outside the window or under the minimum', () => {
    expect(cashbackFor(terms, null, payment())).toBe(0n);
    expect(
      cashbackFor(terms, { ...activation, activatedAt: new Date('2026-11-11T00:00:00Z') }, payment()),
    ).toBe(0n);
    expect(cashbackFor(terms, activation, payment({ category: 'TRAVEL' }))).toBe(0n);
    expect(cashbackFor(terms, activation, payment({ currency: 'USD' }))).toBe(0n);
    expect(cashbackFor(terms, activation, payment({ completedAt: new Date('2026-12-01T00:00:00Z') }))).toBe(
      0n,
    );
    expect(cashbackFor(terms, activation, payment({ completedAt: new Date('2026-10-31T23:59:59Z') }))).toBe(
      0n,
    );
    expect(cashbackFor(terms, activation, payment({ amountMinor: 1_999n }))).toBe(0n);
    expect(cashbackFor(terms, activation, payment({ amountMinor: 2_000n }))).toBe(100n);
  });

  it('caps one payment at maxCashback and the offer at what is left of its total', () => {
    expect(cashbackFor(terms, activation, payment({ amountMinor: 50_000n }))).toBe(1_000n);
    expect(cashbackFor(terms, { ...activation, cashbackEarnedMinor: 2_200n }, payment())).toBe(300n);
    expect(cashbackFor(terms, { ...activation, cashbackEarnedMinor: 2_500n }, payment())).toBe(0n);
  });

  it('accepts rates above 0 and at most 1 with up to four places', () => {
    expect(parseCashbackRate('0.05', 'rate')).toBe('0.05');
    expect(parseCashbackRate('0.0125', 'rate')).toBe('0.0125');
    expect(parseCashbackRate('1', 'rate')).toBe('1');
    for (const bad of ['0', '0.00', '1.5', '-0.05', '0.00001', '5%', '.05', '2']) {
      expect(() => parseCashbackRate(bad, 'rate')).toThrow(
        expect.objectContaining({ code: ErrorCode.BadUserInput, field: 'rate' }),
      );
    }
  });
});
