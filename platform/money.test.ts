import fc from 'fast-check';
import { BadInput } from './errors';
import { divideHalfEven, formatMinor, Money, minorUnits } from './money';

describe('Money', () => {
  it('parses decimals into exact minor units per currency', () => {
    expect(Money.parse('12.34', 'EUR').minor).toBe(1234n);
    expect(Money.parse('12.3', 'EUR').minor).toBe(1230n);
    expect(Money.parse('12', 'EUR').minor).toBe(1200n);
    expect(Money.parse('500', 'JPY').minor).toBe(500n);
    expect(Money.parse('1.005', 'KWD').minor).toBe(1005n);
    expect(Money.parse('-0.01', 'USD').minor).toBe(-1n);
  });

  it.each([
    ['1.234', 'EUR', 'at most 2 fractional digits'],
    ['1.5', 'JPY', 'no fractional digits'],
    ['1e3', 'EUR', 'not a decimal amount'],
    [' 1', 'EUR', 'not a decimal amount'],
    ['', 'EUR', 'not a decimal amount'],
    ['1.', 'EUR', 'not a decimal amount'],
    ['+1', 'EUR', 'not a decimal amount'],
  ])('refuses %p %s', (amount, currency, message) => {
    expect(() => Money.parse(amount, currency)).toThrow(message);
  });

  it('refuses unknown currencies with the currency field', () => {
    const error = (() => {
      try {
        Money.parse('1.00', 'XYZ');
      } catch (e) {
        return e;
      }
    })() as BadInput;
    expect(error).toBeInstanceOf(BadInput);
    expect(error.field).toBe('currency');
  });

  it('takes up to 18 significant digits and refuses more, whatever the leading zeros', () => {
    expect(Money.parse('9999999999999999.99', 'EUR').minor).toBe(999_999_999_999_999_999n);
    expect(Money.parse('0000000000000000000001.00', 'EUR').minor).toBe(100n);
    expect(() => Money.parse('10000000000000000.00', 'EUR', 'input.amount')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.amount' }),
    );
    expect(() => Money.parse('1' + '0'.repeat(26), 'EUR')).toThrow(/at most 18 significant digits/);
    expect(() => Money.parse('9'.repeat(5000), 'JPY')).toThrow(/at most 18 significant digits/);
  });

  it('refuses zero and negative amounts where money must move', () => {
    expect(() => Money.parsePositive('0.00', 'EUR')).toThrow('greater than zero');
    expect(() => Money.parsePositive('-5', 'EUR')).toThrow('greater than zero');
    expect(Money.parsePositive('0.01', 'EUR').minor).toBe(1n);
  });

  it('formats with the currency digits', () => {
    expect(Money.ofMinor(5n, 'EUR').toDecimal()).toBe('0.05');
    expect(Money.ofMinor(-1230n, 'EUR').toDecimal()).toBe('-12.30');
    expect(Money.ofMinor(1000n, 'JPY').toDecimal()).toBe('1000');
    expect(Money.ofMinor(1n, 'KWD').toDecimal()).toBe('0.001');
    expect(formatMinor(0n, 2)).toBe('0.00');
  });

  it('refuses to mix currencies', () => {
    expect(() => Money.ofMinor(1n, 'EUR').plus(Money.ofMinor(1n, 'USD'))).toThrow('Cannot combine');
  });

  it('converts at a rate rounding half to even in the destination minor units', () => {
    // 100.00 EUR at 7.8123 CNY/EUR = 781.23 CNY exactly.
    expect(Money.parse('100.00', 'EUR').convert('7.8123', 'CNY').toDecimal()).toBe('781.23');
    // 0.05 EUR at 0.5 = 0.025 -> 0.02 (tie to even); 0.15 at 0.5 = 0.075 -> 0.08.
    expect(Money.parse('0.05', 'EUR').convert('0.5', 'USD').toDecimal()).toBe('0.02');
    expect(Money.parse('0.15', 'EUR').convert('0.5', 'USD').toDecimal()).toBe('0.08');
    // Across exponents: 1.00 EUR at 161.235 JPY/EUR = 161.235 -> 161 JPY; 10.00 EUR = 1612.35 -> 1612.
    expect(Money.parse('1.00', 'EUR').convert('161.235', 'JPY').toDecimal()).toBe('161');
    expect(Money.parse('1000', 'JPY').convert('0.00620', 'EUR').toDecimal()).toBe('6.20');
    expect(Money.parse('10.00', 'EUR').convert('0.3375', 'KWD').toDecimal()).toBe('3.375');
  });

  it('round-trips every decimal it formats (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        (minor, cur) => {
          const money = Money.ofMinor(minor, cur);
          expect(Money.parse(money.toDecimal(), cur).minor).toBe(minor);
        },
      ),
    );
  });

  it('rounds half to even like exact arithmetic (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (n, d) => {
          const q = divideHalfEven(n, d);
          // |n - q*d| <= d/2, and on an exact tie q is even.
          const remainder = n - q * d;
          const twice = (remainder < 0n ? -remainder : remainder) * 2n;
          expect(twice <= d).toBe(true);
          if (twice === d) expect(q % 2n).toBe(0n);
        },
      ),
    );
  });

  it('knows ISO 4217 minor units', () => {
    expect(minorUnits('EUR')).toBe(2);
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('KWD')).toBe(3);
    expect(minorUnits('eur')).toBeUndefined();
    expect(minorUnits('XYZ')).toBeUndefined();
  });
});
