import { isFundingCode } from '../../funding-network';
import { DeclineReason } from '../../payment';
import { declined, type PaymentStep } from '../payment-run';
import { fundingRequest, withRetries, type FundingSteps } from './funding';

/** Pushes a withdrawal's money out to the bank account; a refusal declines and releases the hold. */
export function payout({ network, attempts }: FundingSteps): PaymentStep {
  return {
    id: 'payout',
    forwardOnly: true,
    action: async (run) => {
      const outcome = await withRetries(() => network.payout(fundingRequest(run)), attempts);
      if (!outcome.approved) {
        return declined(isFundingCode(outcome.code) ? outcome.code : DeclineReason.PROCESSING_ERROR, true);
      }
    },
  };
}
