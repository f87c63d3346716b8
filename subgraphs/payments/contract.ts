import { z } from 'zod/v4';
import {
  currencyCode,
  defineCommand,
  defineEvent,
  entityId,
  instant,
  minorUnits,
  type ParsedRequestOf,
} from '../../platform/bus/contract';

/**
 * What the payments subgraph offers on the bus: the only module of payments that another
 * subgraph may import.
 */

/** The service name its events are recorded under. */
export const SOURCE = 'payments';

export const paymentKind = z.enum([
  'TOP_UP',
  'WITHDRAWAL',
  'TRANSFER',
  'MERCHANT',
  'CASHBACK',
  'REFUND',
  'POINTS_REDEMPTION',
]);
export const paymentStatus = z.enum([
  'PENDING',
  'REQUIRES_VERIFICATION',
  'HELD_FOR_REVIEW',
  'COMPLETED',
  'DECLINED',
  'REVERSED',
]);
export const spendingCategory = z.enum([
  'DINING',
  'GROCERIES',
  'TRAVEL',
  'TRANSPORT',
  'SHOPPING',
  'ENTERTAINMENT',
  'UTILITIES',
  'HEALTH',
  'OTHER',
]);
/**
 * What each spending category covers, as every subgraph that shows the `SpendingCategory` enum
 * describes it (payments on merchant payments, offers on offers and insights).
 */
export const SPENDING_CATEGORY_DESCRIPTIONS: Record<
  z.output<typeof spendingCategory>,
  { description: string }
> = {
  DINING: { description: 'Restaurants, cafés and bars.' },
  GROCERIES: { description: 'Supermarkets and food shops.' },
  TRAVEL: { description: 'Flights, hotels and holidays.' },
  TRANSPORT: { description: 'Public transport, taxis, fuel and parking.' },
  SHOPPING: { description: 'Clothes, electronics and other retail.' },
  ENTERTAINMENT: { description: 'Cinema, concerts, games and streaming.' },
  UTILITIES: { description: 'Energy, water, phone and internet.' },
  HEALTH: { description: 'Pharmacies, doctors and fitness.' },
  OTHER: { description: 'Anything else.' },
};

/**
 * Why a payment was declined, as `Payment.declineReason` shows it: the graph's own reasons and
 * the funding network's codes.
 */
export const declineReason = z.enum([
  'INSUFFICIENT_FUNDS',
  'ACCOUNT_FROZEN',
  'DESTINATION_WALLET_CLOSED',
  'LIMIT_EXCEEDED',
  'RISK_DECLINED',
  'VERIFICATION_FAILED',
  'VERIFICATION_EXPIRED',
  'REVIEW_EXPIRED',
  'PROCESSING_TIMEOUT',
  'PROCESSING_ERROR',
  'CARD_DECLINED',
  'INSUFFICIENT_FUNDS_AT_ISSUER',
  'EXPIRED_CARD',
  'ACCOUNT_CLOSED',
  'PAYOUT_REJECTED',
]);

const paymentEventData = z.object({
  paymentId: entityId,
  kind: paymentKind,
  status: paymentStatus,
  amountMinor: minorUnits,
  currency: currencyCode,
  creditedAmountMinor: minorUnits.nullable(),
  creditedCurrency: currencyCode.nullable(),
  sourceWalletId: entityId.nullable(),
  destinationWalletId: entityId.nullable(),
  /** The payer. */
  accountId: entityId,
  destinationAccountId: entityId.nullable(),
  category: spendingCategory.nullable(),
  merchantName: z.string().nullable(),
  declineReason: declineReason.nullable(),
  /** The payment a cashback is for. */
  relatedPaymentId: entityId.nullable(),
  /** Risk did not answer in time and payments decided by its fail-safe (absent: false). */
  riskUnavailable: z.boolean().optional(),
  occurredAt: instant,
});
/** What every payment event carries: the payment as it stands after the change. */
export type PaymentEventData = z.output<typeof paymentEventData>;

/** The commands payments answers. */
export const PaymentCommands = {
  /**
   * Credits a reward to a customer's wallet from the bank's REWARDS account, as a payment of
   * its own (CASHBACK for a merchant payment, POINTS_REDEMPTION for points turned into money).
   * Idempotent by the caller's `rewardId`: the same id returns the same payment and credits once;
   * the same id with other parameters is a CONFLICT.
   */
  creditReward: defineCommand('payments.creditReward', {
    request: z.object({
      rewardId: z.string().min(1).max(100),
      kind: z.enum(['CASHBACK', 'POINTS_REDEMPTION']),
      accountId: entityId,
      walletId: entityId,
      amountMinor: minorUnits,
      currency: currencyCode,
      relatedPaymentId: entityId.nullish(),
      note: z.string().max(500).nullish(),
    }),
    reply: z.object({ paymentId: entityId, status: paymentStatus, declineReason: declineReason.nullable() }),
  }),
  /**
   * An analyst's verdict on a payment HELD_FOR_REVIEW (risk asks for this): RELEASE finishes it
   * (the money moves), DECLINE declines it and voids its hold. A payment that is not held any
   * more is answered as it stands, so a repeated request changes nothing.
   */
  resolveReview: defineCommand('payments.resolveReview', {
    request: z.object({ paymentId: entityId, resolution: z.enum(['RELEASE', 'DECLINE']) }),
    reply: z.object({ paymentId: entityId, status: paymentStatus, declineReason: declineReason.nullable() }),
  }),
} as const;

/** A reward to credit, as `payments.creditReward` parses it. */
export type RewardRequest = ParsedRequestOf<typeof PaymentCommands.creditReward>;

/** The events payments publishes, one per status change. */
export const PaymentEvents = {
  /** A payment was recorded, PENDING. */
  created: defineEvent('payment.created', 1, paymentEventData),
  /** A payment moved to a status that is not final (waiting for verification or review). */
  statusChanged: defineEvent('payment.status_changed', 1, paymentEventData),
  /** The money moved. */
  completed: defineEvent('payment.completed', 1, paymentEventData),
  /** The payment was refused; no money moved. */
  declined: defineEvent('payment.declined', 1, paymentEventData),
} as const;

/** Every payment event, for a consumer that follows a payment's whole life. */
export const PAYMENT_EVENTS = Object.values(PaymentEvents);
