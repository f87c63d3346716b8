import { declineReason, paymentKind, paymentStatus, spendingCategory } from '../contract';

type Values<T> = T[keyof T];

/** What a payment does: where the money comes from and where it goes. */
export const PaymentKind = paymentKind.enum;
export type PaymentKind = Values<typeof PaymentKind>;

/** Where a payment stands. COMPLETED, DECLINED and REVERSED are final. */
export const PaymentStatus = paymentStatus.enum;
export type PaymentStatus = Values<typeof PaymentStatus>;

/** What a merchant payment was spent on; offers turns these into insights and cashback. */
export const SpendingCategory = spendingCategory.enum;
export type SpendingCategory = Values<typeof SpendingCategory>;

/** Why a payment was declined, as shown in `Payment.declineReason`: one list, the contract's. */
export const DeclineReason = declineReason.enum;
export type DeclineReason = Values<typeof DeclineReason>;

/** How many wrong codes `verifyPayment` accepts before the payment is declined. */
export const MAX_VERIFICATION_ATTEMPTS = 3;

/** Statuses that end a payment's life. */
export const FINAL_STATUSES: readonly PaymentStatus[] = [
  PaymentStatus.COMPLETED,
  PaymentStatus.DECLINED,
  PaymentStatus.REVERSED,
];

/** Rewards the bank pays from its REWARDS account: they are not the customer's spending. */
export const REWARD_KINDS: readonly PaymentKind[] = [PaymentKind.CASHBACK, PaymentKind.POINTS_REDEMPTION];

/** Whether a payment counts toward its account's daily limit (rewards do not). */
export function countsTowardLimits(kind: PaymentKind): boolean {
  return !REWARD_KINDS.includes(kind);
}
