import { BadInput } from '../../../platform/errors';
import { divideHalfEven, parseRate } from '../../../platform/money';
import type { SpendingCategory } from './categories';

/** What an offer pays and on what: the terms a payment is checked against. */
export interface CashbackTerms {
  category: SpendingCategory;
  currency: string;
  /** An exact decimal fraction: "0.05" is 5 %. */
  cashbackRate: string;
  minSpendMinor?: bigint | null;
  /** The most one payment earns. */
  maxCashbackMinor?: bigint | null;
  /** The most one customer earns from the offer over all payments. */
  maxTotalCashbackMinor?: bigint | null;
  validFrom: Date;
  /** Exclusive. */
  validUntil: Date;
}

/** A customer's activation of an offer and what it has earned so far. */
export interface ActivationState {
  activatedAt: Date;
  cashbackEarnedMinor: bigint;
}

/** A completed merchant payment as offers sees it. */
export interface MerchantPayment {
  category: SpendingCategory;
  currency: string;
  amountMinor: bigint;
  completedAt: Date;
}

/** The most decimal places a cashback rate may have (0.0125 is 1.25 %). */
const RATE_DIGITS = 4;

/** Parses a cashback rate an analyst sent: an exact decimal above 0 and at most 1. */
export function parseCashbackRate(rate: string, field: string): string {
  const match = /^(0|1)(?:\.(\d+))?$/.exec(rate);
  if (!match || (match[2]?.length ?? 0) > RATE_DIGITS) {
    throw new BadInput(
      `A cashback rate is a decimal such as "0.05", with at most ${RATE_DIGITS} places`,
      field,
    );
  }
  const { units, scale } = rateOf(rate);
  if (units === 0n || units > 10n ** scale)
    throw new BadInput('A cashback rate is above 0 and at most 1', field);
  return rate;
}

function rateOf(rate: string): { units: bigint; scale: bigint } {
  if (/^0(\.0*)?$/.test(rate)) return { units: 0n, scale: 0n };
  return parseRate(rate);
}

/**
 * The cashback a payment earns under an offer, in the payment's minor units: nothing unless the
 * offer was activated before the payment, the payment is in the offer's category and currency,
 * inside its window and at least its minimum spend. Then rate x amount, rounded half to even,
 * capped per payment and by what is left of the offer's cap for this customer.
 */
export function cashbackFor(
  terms: CashbackTerms,
  activation: ActivationState | null,
  payment: MerchantPayment,
): bigint {
  if (!activation || activation.activatedAt > payment.completedAt) return 0n;
  if (payment.category !== terms.category || payment.currency !== terms.currency) return 0n;
  if (payment.completedAt < terms.validFrom || payment.completedAt >= terms.validUntil) return 0n;
  if (terms.minSpendMinor != null && payment.amountMinor < terms.minSpendMinor) return 0n;
  const { units, scale } = rateOf(terms.cashbackRate);
  let earned = divideHalfEven(payment.amountMinor * units, 10n ** scale);
  if (terms.maxCashbackMinor != null && earned > terms.maxCashbackMinor) earned = terms.maxCashbackMinor;
  if (terms.maxTotalCashbackMinor != null) {
    const left = terms.maxTotalCashbackMinor - activation.cashbackEarnedMinor;
    if (earned > left) earned = left;
  }
  return earned > 0n ? earned : 0n;
}
