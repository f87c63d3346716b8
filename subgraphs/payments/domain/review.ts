import { NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import type { Payment } from '../store/payment.entity';
import type { PaymentStore } from '../store/payment-store';
import { DeclineReason, PaymentStatus } from './payment';
import type { PaymentRuns } from './runs';
import type { PaymentClaims } from './saga/claims';
import type { PaymentProcessor } from './saga/processor';

/** What resolving a review needs. */
export interface ReviewDeps {
  store: PaymentStore;
  processor: PaymentProcessor;
  claims: PaymentClaims;
  runs: PaymentRuns;
  now: () => Date;
}

const HELD = [PaymentStatus.HELD_FOR_REVIEW];

/**
 * An analyst's verdict on a payment HELD_FOR_REVIEW, as risk passes it on: RELEASE finishes the
 * payment (after the payer's standing is read again), DECLINE declines it and voids its hold.
 * A payment that is not held any more is returned as it stands: a repeated verdict changes
 * nothing, and a payment that expired or was resolved meanwhile keeps its outcome.
 */
export class ReviewService {
  constructor(private readonly deps: ReviewDeps) {}

  async resolve(paymentId: string, resolution: 'RELEASE' | 'DECLINE'): Promise<Payment> {
    const { store, processor, claims, runs, now } = this.deps;
    const payment = isId(paymentId) ? await store.findById(paymentId) : null;
    if (!payment) throw new NotFound('Payment', paymentId);
    if (payment.status !== PaymentStatus.HELD_FOR_REVIEW) return payment;
    const claim = await claims.take(payment, HELD);
    if (!claim) return (await store.findById(payment.id)) ?? payment;
    if (resolution === 'DECLINE') {
      return processor.abandon(payment, claim, PaymentStatus.HELD_FOR_REVIEW, {
        declineReason: DeclineReason.RISK_DECLINED,
      });
    }
    const moved = await store.update(
      payment,
      HELD,
      { status: PaymentStatus.PENDING, riskDecision: 'APPROVE', expiresAt: null },
      now(),
      { claimedBy: claim.runnerId },
    );
    if (!moved) return (await store.findById(payment.id)) ?? payment;
    const work = processor.resume({ payment, claim, approvalRecorded: true, resumedFromWait: true });
    return runs.answer(work, async () => (await store.findById(payment.id)) ?? payment);
  }
}
