import type { PaymentStore } from '../../../store/payment-store';
import { PaymentStatus } from '../../payment';
import type { PaymentStep } from '../payment-run';

/** Stores the APPROVE decision before money leaves for good, so a crash is finished forward. */
export function recordApproval(store: PaymentStore, now: () => Date): PaymentStep {
  return {
    id: 'record-approval',
    forwardOnly: true,
    action: async (run) => {
      if (run.approvalRecorded) return;
      const applied = await store.update(
        run.payment,
        [PaymentStatus.PENDING],
        { riskDecision: 'APPROVE', riskScore: run.risk?.score ?? null, riskUnavailable: run.riskUnavailable },
        now(),
        { claimedBy: run.claim.runnerId },
      );
      if (!applied) throw new Error(`Payment ${run.payment.id} moved on while it was being approved`);
      run.approvalRecorded = true;
    },
  };
}
