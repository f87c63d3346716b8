import { z } from 'zod/v4';
import { currencyCode, defineEvent, entityId, instant, minorUnits } from '../../platform/bus/contract';

/**
 * What the payments subgraph offers on the bus: the only module of payments that another
 * subgraph may import.
 */

/** The service name its events are recorded under. */
export const SOURCE = 'payments';

export const paymentKind = z.enum(['TOP_UP', 'WITHDRAWAL', 'TRANSFER', 'MERCHANT', 'CASHBACK', 'REFUND']);
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
  occurredAt: instant,
});
/** What every payment event carries: the payment as it stands after the change. */
export type PaymentEventData = z.output<typeof paymentEventData>;

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
