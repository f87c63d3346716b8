/** What risk knows of one payment of an account, learned from payments' requests and events. */
export interface PaymentFact {
  paymentId: string;
  accountId: string;
  kind: string;
  status: string;
  amountMinor: bigint;
  currency: string;
  /** Whom the money went to: an account, or a merchant by name (see `payeeOf`). */
  payee: string | null;
  declineReason: string | null;
  createdAt: Date;
}

/** A payment about to move money, as payments asks risk to score it. */
export interface PaymentToScore {
  paymentId: string;
  accountId: string;
  kind: string;
  amountMinor: bigint;
  currency: string;
  destinationAccountId: string | null;
  merchantName: string | null;
  fundingSourceId: string | null;
  fundingFingerprint: string | null;
  /** Unknown (null): payments decides what a challenge becomes. */
  mfaEnabled: boolean | null;
}

/** The kinds that take money out of the account: the ones the amount rules look at. */
export const OUTGOING_KINDS: ReadonlySet<string> = new Set(['TRANSFER', 'MERCHANT', 'WITHDRAWAL']);

/** Declines that count toward a streak: refusals of the customer's own attempts. */
export const STREAK_REASONS: ReadonlySet<string> = new Set([
  'RISK_DECLINED',
  'VERIFICATION_FAILED',
  'VERIFICATION_EXPIRED',
  'INSUFFICIENT_FUNDS',
  'LIMIT_EXCEEDED',
  'CARD_DECLINED',
  'INSUFFICIENT_FUNDS_AT_ISSUER',
  'EXPIRED_CARD',
]);

/** One name per payee: `account:<id>` for a transfer, `merchant:<name>` (case-folded) for a merchant. */
export function payeeOf(destinationAccountId: string | null, merchantName: string | null): string | null {
  if (destinationAccountId) return `account:${destinationAccountId}`;
  if (merchantName) return `merchant:${merchantName.trim().toLowerCase()}`;
  return null;
}
