/** What a payment does: where the money comes from and where it goes. */
export enum PaymentKind {
  TOP_UP = 'TOP_UP',
  WITHDRAWAL = 'WITHDRAWAL',
  TRANSFER = 'TRANSFER',
  MERCHANT = 'MERCHANT',
  CASHBACK = 'CASHBACK',
  REFUND = 'REFUND',
}

/** Where a payment stands. COMPLETED, DECLINED and REVERSED are final. */
export enum PaymentStatus {
  PENDING = 'PENDING',
  REQUIRES_VERIFICATION = 'REQUIRES_VERIFICATION',
  HELD_FOR_REVIEW = 'HELD_FOR_REVIEW',
  COMPLETED = 'COMPLETED',
  DECLINED = 'DECLINED',
  REVERSED = 'REVERSED',
}

/** What a merchant payment was spent on; offers turns these into insights and cashback. */
export enum SpendingCategory {
  DINING = 'DINING',
  GROCERIES = 'GROCERIES',
  TRAVEL = 'TRAVEL',
  TRANSPORT = 'TRANSPORT',
  SHOPPING = 'SHOPPING',
  ENTERTAINMENT = 'ENTERTAINMENT',
  UTILITIES = 'UTILITIES',
  HEALTH = 'HEALTH',
  OTHER = 'OTHER',
}

/** Why a payment was declined, as shown in `Payment.declineReason`. Funding-network codes join these. */
export enum DeclineReason {
  INSUFFICIENT_FUNDS = 'INSUFFICIENT_FUNDS',
  ACCOUNT_FROZEN = 'ACCOUNT_FROZEN',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  RISK_DECLINED = 'RISK_DECLINED',
  VERIFICATION_FAILED = 'VERIFICATION_FAILED',
  PROCESSING_TIMEOUT = 'PROCESSING_TIMEOUT',
  PROCESSING_ERROR = 'PROCESSING_ERROR',
}

/** How many wrong codes `verifyPayment` accepts before the payment is declined. */
export const MAX_VERIFICATION_ATTEMPTS = 3;

/** Statuses that end a payment's life. */
export const FINAL_STATUSES: readonly PaymentStatus[] = [
  PaymentStatus.COMPLETED,
  PaymentStatus.DECLINED,
  PaymentStatus.REVERSED,
];
