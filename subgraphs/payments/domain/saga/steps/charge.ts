import { isFundingCode } from '../../funding-network';
import { DeclineReason } from '../../payment';
import { declined, type PaymentStep } from '../payment-run';
import { fundingRequest, refundReference, withRetries, type FundingSteps } from './funding';

/** Pulls a top-up's money in from the card or bank account; the undo refunds the charge. */
export function charge({ network, attempts }: FundingSteps): PaymentStep {
  return {
    id: 'charge',
    forwardOnly: true,
    action: async (run) => {
      const outcome = await withRetries(() => network.charge(fundingRequest(run)), attempts);
      if (!outcome.approved) {
        return declined(isFundingCode(outcome.code) ? outcome.code : DeclineReason.PROCESSING_ERROR, false);
      }
    },
    undo: async (run) => {
      const outcome = await withRetries(
        () =>
          network.refund({
            ...fundingRequest(run, refundReference(run.payment)),
            chargeReference: run.payment.id,
          }),
        attempts,
      );
      if (!outcome.approved) throw new Error(`Refund of ${run.payment.id} declined: ${outcome.code}`);
    },
  };
}
