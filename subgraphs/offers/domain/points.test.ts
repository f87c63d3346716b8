import { ErrorCode } from '../../../platform/errors';
import { Money } from '../../../platform/money';
import { pointsFor, redemptionValue } from './points';

describe('points', () => {
  it('earns per whole currency unit, whatever the currency has in minor units', () => {
    expect(pointsFor(Money.parse('80.99', 'EUR'), 1)).toBe(80n);
    expect(pointsFor(Money.parse('0.99', 'EUR'), 1)).toBe(0n);
    expect(pointsFor(Money.parse('1500', 'JPY'), 2)).toBe(3_000n);
    expect(pointsFor(Money.parse('1.999', 'KWD'), 10)).toBe(10n);
  });

  it('redeems at the configured value, rounded half to even in minor units', () => {
    expect(redemptionValue(250n, 'EUR', '0.01').toDecimal()).toBe('2.50');
    expect(redemptionValue(5n, 'JPY', '1').toDecimal()).toBe('5');
    expect(redemptionValue(5n, 'KWD', '0.0005').toDecimal()).toBe('0.002');
  });

  it('refuses a currency without a value, and too few points to be worth a minor unit', () => {
    expect(() => redemptionValue(100n, 'SEK', undefined)).toThrow(
      expect.objectContaining({ code: ErrorCode.BadUserInput }),
    );
    expect(() => redemptionValue(1n, 'JPY', '0.1')).toThrow(
      expect.objectContaining({ code: ErrorCode.BadUserInput, field: 'input.points' }),
    );
  });
});
