import type { Bus } from '../../../../../platform/bus';
import { AccountCommands } from '../../../../accounts/contract';
import { DeclineReason } from '../../payment';
import { declined, type PaymentStep } from '../payment-run';

/**
 * Reads the payer's standing again before a payment that waited (for a code, for an analyst)
 * moves money: an account frozen meanwhile declines it with ACCOUNT_FROZEN and the hold is
 * released.
 */
export function recheckAccount(bus: Bus): PaymentStep {
  return {
    id: 'recheck-account',
    action: async ({ payment }) => {
      const account = await bus.request(AccountCommands.getAccount, { accountId: payment.accountId });
      if (account.status !== 'ACTIVE') return declined(DeclineReason.ACCOUNT_FROZEN, true);
    },
  };
}
