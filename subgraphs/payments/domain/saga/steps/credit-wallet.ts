import type { Bus } from '../../../../../platform/bus';
import { WalletCommands, type SystemAccount } from '../../../../wallets/contract';
import { declined, type PaymentStep } from '../payment-run';
import { holdDeclineReason } from './place-hold';

/** Credits the destination wallet from a system account in one ledger transfer, under the payment's id. */
export function creditWallet(bus: Bus, from: SystemAccount): PaymentStep {
  return {
    id: 'credit-wallet',
    forwardOnly: true,
    action: async ({ payment }) => {
      const reply = await bus.request(WalletCommands.transfer, {
        transferId: payment.id,
        debit: { system: from },
        credit: { walletId: payment.destinationWalletId! },
        amountMinor: payment.amountMinor.toString(),
        currency: payment.currency,
        paymentId: payment.id,
      });
      if (reply.outcome === 'REJECTED') return declined(holdDeclineReason(reply.reason), true);
    },
  };
}
