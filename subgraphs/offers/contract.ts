import { z } from 'zod/v4';
import { currencyCode, defineEvent, entityId, instant, minorUnits } from '../../platform/bus/contract';
import { spendingCategory } from '../payments/contract';

/**
 * What the offers subgraph publishes on the bus: the only module of offers that another
 * subgraph may import. Offers answers no commands; it learns about payments from payments'
 * events and credits rewards through payments' `payments.creditReward`.
 */

/** The service name its events are recorded under. */
export const SOURCE = 'offers';

/** The share of a budget at which a customer is told: 80 % and 100 %, once each per month. */
export const budgetThreshold = z.union([z.literal(80), z.literal(100)]);
/** A budget threshold in percent. */
export type BudgetThresholdPercent = z.output<typeof budgetThreshold>;

/** A month as `YYYY-MM` (UTC). */
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month such as 2026-11');

/**
 * A budget crossing one of its thresholds, self-contained: everything a notification needs,
 * with a stable `alertId` (the BudgetAlert entity's id, resolvable through the graph).
 */
const budgetThresholdData = z.object({
  alertId: entityId,
  accountId: entityId,
  budgetId: entityId,
  category: spendingCategory,
  month,
  thresholdPercent: budgetThreshold,
  /** What the month's payments in the budget's category and currency add up to, once crossed. */
  spentMinor: minorUnits,
  limitMinor: minorUnits,
  currency: currencyCode,
  /** The completed merchant payment that took the budget past the threshold. */
  paymentId: entityId,
  crossedAt: instant,
});
/** What a `budget.threshold` event carries. */
export type BudgetThresholdData = z.output<typeof budgetThresholdData>;

const cashbackEarnedData = z.object({
  cashbackId: entityId,
  offerId: entityId,
  accountId: entityId,
  /** The merchant payment the cashback is for. */
  paymentId: entityId,
  /** The CASHBACK payment that credited it. */
  cashbackPaymentId: entityId,
  walletId: entityId,
  amountMinor: minorUnits,
  currency: currencyCode,
  earnedAt: instant,
});
/** What an `offer.cashback.earned` event carries. */
export type CashbackEarnedData = z.output<typeof cashbackEarnedData>;

/** The events offers publishes. */
export const OfferEvents = {
  /** Cashback for a qualifying merchant payment reached the customer's wallet. */
  cashbackEarned: defineEvent('offer.cashback.earned', 1, cashbackEarnedData),
  /** A completed payment took a budget past 80 % or 100 % of its limit: once per threshold per month. */
  budgetThreshold: defineEvent('budget.threshold', 1, budgetThresholdData),
} as const;
