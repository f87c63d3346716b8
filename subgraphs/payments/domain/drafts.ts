import { BadInput } from '../../../platform/errors';
import { Money } from '../../../platform/money';
import type { FundingSourceView } from '../../accounts/contract';
import type { Payment } from '../store/payment.entity';
import type { FundingInstrument } from './funding-network';
import { requestFingerprint } from './idempotency';
import { PaymentStatus, type PaymentKind } from './payment';
import type { AmountInput } from './payment-requests';
import type { KnownWallet } from './wallet-directory';

// Turning a validated request into a new payment, and the small checks on the way: pure
// functions, so a bad request is refused before anything is stored or asked.

/** A new PENDING payment of `kind`, with the fingerprint that tells a faithful retry from a reused key. */
export function draftPayment(
  kind: PaymentKind,
  accountId: string,
  idempotencyKey: string,
  amount: Money,
  fields: Partial<Payment>,
  ids: { id: string; now: Date },
): Payment {
  // A plain object, like the payments the store reads back: payments are written by SQL, never
  // through a unit of work, and the entity's prototype would define an accessor per property on
  // first write, which every step of the saga would then pay on each read.
  const payment: Payment = {
    destinationAccountId: null,
    sourceWalletId: null,
    destinationWalletId: null,
    fundingSourceId: null,
    creditedAmountMinor: null,
    creditedCurrency: null,
    fxRate: null,
    merchantName: null,
    category: null,
    note: null,
    relatedPaymentId: null,
    riskDecision: null,
    riskScore: null,
    riskUnavailable: false,
    declineReason: null,
    completedAt: null,
    expiresAt: null,
    ...fields,
    id: ids.id,
    kind,
    status: PaymentStatus.PENDING,
    accountId,
    amountMinor: amount.minor,
    currency: amount.currency,
    idempotencyKey,
    verificationAttempts: 0,
    createdAt: ids.now,
    updatedAt: ids.now,
    requestFingerprint: '',
  };
  payment.requestFingerprint = requestFingerprint({
    kind,
    amountMinor: amount.minor.toString(),
    currency: amount.currency,
    sourceWalletId: payment.sourceWalletId,
    destinationWalletId: payment.destinationWalletId,
    fundingSourceId: payment.fundingSourceId,
    merchantName: payment.merchantName,
    category: payment.category,
    note: payment.note,
    relatedPaymentId: payment.relatedPaymentId,
  });
  return payment;
}

/** The request's amount as money: positive, in the currency's digits; else BAD_USER_INPUT on input.amount. */
export function parseAmount(input: AmountInput): Money {
  return Money.parsePositive(input.amount, input.currency, 'input.amount');
}

/** Whether the wallet is ACTIVE; undefined when its status is not known here (the hold checks it). */
export function activeOrUnknown(wallet: KnownWallet): boolean | undefined {
  return wallet.status === undefined ? undefined : wallet.status === 'ACTIVE';
}

/** Refuses an amount in another currency than the wallet's. */
export function sameCurrency(amount: Money, wallet: KnownWallet): void {
  if (amount.currency !== wallet.currency) {
    throw new BadInput(
      `The amount must be in the wallet's currency, ${wallet.currency}`,
      'input.amount.currency',
    );
  }
}

/** Optional text, trimmed; empty is none; longer than `max` is BAD_USER_INPUT on `field`. */
export function optionalText(value: string | null | undefined, max: number, field: string): string | null {
  if (value == null) return null;
  const text = value.trim();
  if (text.length > max) throw new BadInput(`At most ${max} characters`, field);
  return text.length ? text : null;
}

/** The funding source as the network knows it. */
export function instrumentOf(source: FundingSourceView): FundingInstrument {
  return {
    fundingSourceId: source.fundingSourceId,
    kind: source.kind,
    token: source.token,
    last4: source.last4,
  };
}

/**
 * Awaits lookups started together, reporting the first failure in argument order (so the
 * error a caller sees does not depend on which lookup answered first) and leaving no rejection
 * unobserved.
 */
export async function settleInOrder<T extends unknown[]>(
  ...promises: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const results = await Promise.allSettled(promises);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as T;
}
