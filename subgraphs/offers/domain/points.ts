import { BadInput } from '../../../platform/errors';
import { divideHalfEven, minorUnits, Money, parseRate } from '../../../platform/money';

/** Points a completed merchant payment earns: `perUnit` for each whole unit of its currency. */
export function pointsFor(amount: Money, perUnit: number): bigint {
  const unit = 10n ** BigInt(minorUnits(amount.currency)!);
  return (amount.minor / unit) * BigInt(perUnit);
}

/**
 * What `points` are worth in `currency` at `pointValue` (an exact decimal of that currency per
 * point), rounded half to even in its minor units. Too few points to be worth one minor unit,
 * or a currency without a value, is BAD_USER_INPUT.
 */
export function redemptionValue(points: bigint, currency: string, pointValue: string | undefined): Money {
  if (!pointValue) throw new BadInput(`Points cannot be redeemed into ${currency}`, 'input.walletId');
  const { units, scale } = parseRate(pointValue);
  const digits = BigInt(minorUnits(currency)!);
  const numerator = points * units * 10n ** digits;
  const minor = divideHalfEven(numerator, 10n ** scale);
  if (minor <= 0n) throw new BadInput(`Too few points to be worth anything in ${currency}`, 'input.points');
  return Money.ofMinor(minor, currency);
}
