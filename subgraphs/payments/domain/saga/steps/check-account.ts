import { DeclineReason } from '../../payment';
import { declined, type PaymentStep } from '../payment-run';

/** The payer's account must be ACTIVE, its wallet able to take part, and a transfer's destination open. */
export function checkAccount(): PaymentStep {
  return {
    id: 'check-account',
    action: async (run) => {
      if (run.account?.status !== 'ACTIVE' || run.walletActive === false) {
        return declined(DeclineReason.ACCOUNT_FROZEN, false);
      }
      if (run.destinationClosed) return declined(DeclineReason.DESTINATION_WALLET_CLOSED, false);
    },
  };
}
