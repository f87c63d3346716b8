import currencyCodes from 'currency-codes';
import { BadInput } from './errors';

/** An ISO 4217 currency code that this graph knows the minor units of. */
export type Currency = string & { readonly __currency: unique symbol };

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * The most significant digits an amount may have: its minor units then fit a signed 64-bit
 * integer (9.2 x 10^18) in every database, with room to add a few of them together.
 */
export const MAX_SIGNIFICANT_DIGITS = 18;

/** Minor-unit digits of an ISO 4217 currency, or undefined for a code that is not one. */
export function minorUnits(code: string): number | undefined {
  if (!/^[A-Z]{3}$/.test(code)) return undefined;
  const entry = currencyCodes.code(code);
  if (!entry) return undefined;
  const digits = Number(entry.digits);
  return Number.isInteger(digits) ? digits : undefined;
}

/** Parses a currency code, refusing anything that is not ISO 4217. */
export function parseCurrency(code: string, field = 'currency'): Currency {
  if (minorUnits(code) === undefined) throw new BadInput(`${code} is not an ISO 4217 currency code`, field);
  return code as Currency;
}

/**
 * An amount of one currency in integer minor units. Immutable; arithmetic refuses to mix
 * currencies, so a sum of euros and yen is a programming error, not a number.
 */
export class Money {
  private constructor(
    readonly minor: bigint,
    readonly currency: Currency,
  ) {}

  /** Money from minor units (cents for EUR, yen for JPY). */
  static ofMinor(minor: bigint, currency: Currency | string): Money {
    return new Money(minor, parseCurrency(currency));
  }

  static zero(currency: Currency | string): Money {
    return Money.ofMinor(0n, currency);
  }

  /**
   * Parses an exact decimal string such as "12.34". Refuses exponents, signs other than a
   * leading minus, and more fractional digits than the currency has.
   */
  static parse(amount: string, currency: Currency | string, field = 'amount'): Money {
    const code = parseCurrency(currency, field === 'amount' ? 'currency' : `${field}.currency`);
    const digits = minorUnits(code)!;
    const match = DECIMAL.exec(amount.trim() === amount ? amount : '');
    if (!match) throw new BadInput(`"${amount}" is not a decimal amount such as "12.34"`, field);
    const [, sign, whole, fraction = ''] = match;
    if (fraction.length > digits) {
      throw new BadInput(
        digits === 0
          ? `${code} amounts have no fractional digits`
          : `${code} amounts have at most ${digits} fractional digits`,
        field,
      );
    }
    const significant = (whole + fraction.padEnd(digits, '0')).replace(/^0+/, '');
    if (significant.length > MAX_SIGNIFICANT_DIGITS) {
      throw new BadInput(`An amount has at most ${MAX_SIGNIFICANT_DIGITS} significant digits`, field);
    }
    const minor = BigInt(significant || '0');
    return new Money(sign ? -minor : minor, code);
  }

  /**
   * Parses an amount that must move money: a well-formed decimal strictly above zero.
   */
  static parsePositive(amount: string, currency: Currency | string, field = 'amount'): Money {
    const money = Money.parse(amount, currency, field);
    if (money.minor <= 0n) throw new BadInput('The amount must be greater than zero', field);
    return money;
  }

  plus(other: Money): Money {
    return new Money(this.minor + this.same(other).minor, this.currency);
  }

  minus(other: Money): Money {
    return new Money(this.minor - this.same(other).minor, this.currency);
  }

  negate(): Money {
    return new Money(-this.minor, this.currency);
  }

  isNegative(): boolean {
    return this.minor < 0n;
  }

  isZero(): boolean {
    return this.minor === 0n;
  }

  compare(other: Money): -1 | 0 | 1 {
    const a = this.minor;
    const b = this.same(other).minor;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.minor === other.minor;
  }

  /** The exact decimal string with the currency's digits, e.g. "12.30", "-5", "0.125". */
  toDecimal(): string {
    return formatMinor(this.minor, minorUnits(this.currency)!);
  }

  /** The API shape: `{ amount: Decimal, currency }`. */
  toJSON(): { amount: string; currency: string } {
    return { amount: this.toDecimal(), currency: this.currency };
  }

  toString(): string {
    return `${this.toDecimal()} ${this.currency}`;
  }

  /**
   * Converts at `rate` (an exact decimal string: destination units per source unit), rounding
   * half to even in the destination's minor units so that no systematic cent drifts either way.
   */
  convert(rate: string, to: Currency | string): Money {
    const target = parseCurrency(to);
    const { units, scale } = parseRate(rate);
    const fromDigits = BigInt(minorUnits(this.currency)!);
    const toDigits = BigInt(minorUnits(target)!);
    // minor_to = minor_from * rate * 10^(toDigits - fromDigits), exactly, as a fraction.
    let numerator = this.minor * units;
    let denominator = 10n ** scale;
    const shift = toDigits - fromDigits;
    if (shift >= 0n) numerator *= 10n ** shift;
    else denominator *= 10n ** -shift;
    return new Money(divideHalfEven(numerator, denominator), target);
  }

  private same(other: Money): Money {
    if (other.currency !== this.currency) {
      throw new Error(`Cannot combine ${this.currency} with ${other.currency}`);
    }
    return other;
  }
}

/** Formats minor units with `digits` fractional digits, exactly. */
export function formatMinor(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}

/** Parses a positive exact decimal rate into units and a power-of-ten scale. */
export function parseRate(rate: string): { units: bigint; scale: bigint } {
  const match = DECIMAL.exec(rate);
  if (!match || match[1]) throw new Error(`Invalid exchange rate "${rate}"`);
  const [, , whole, fraction = ''] = match;
  const units = BigInt(whole + fraction);
  if (units === 0n) throw new Error(`Invalid exchange rate "${rate}"`);
  return { units, scale: BigInt(fraction.length) };
}

/** Integer division rounding half to even (banker's rounding); `denominator` > 0. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let quotient = n / denominator;
  const twice = (n % denominator) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}
