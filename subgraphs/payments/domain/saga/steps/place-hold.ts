import type { Bus } from '../../../../../platform/bus';
import { WalletCommands, type RejectionReason } from '../../../../wallets/contract';
import { DeclineReason } from '../../payment';
import { declined, type PaymentStep } from '../payment-run';

/**
 * Reserves the amount on the source wallet under the payment's id; the undo voids that hold,
 * whether or not it was ever placed, so a hold placed late is refused.
 */
export function placeHold(bus: Bus): PaymentStep<{ holdId: string }> {
  return {
    id: 'place-hold',
    action: async ({ payment }) => {
      const reply = await bus.request(WalletCommands.placeHold, {
        holdId: payment.id,
        walletId: payment.sourceWalletId!,
        amountMinor: payment.amountMinor.toString(),
        currency: payment.currency,
        paymentId: payment.id,
      });
      if (reply.outcome === 'REJECTED') return declined(holdDeclineReason(reply.reason), false);
      return { holdId: reply.holdId };
    },
    undo: async ({ payment }, done) => {
      await bus.request(WalletCommands.voidHold, { holdId: done?.holdId ?? payment.id });
    },
  };
}

/**
 * Why the payer's payment is declined when the ledger refuses the debit: a frozen or closed
 * wallet reads as a frozen account, as the contract says; a hold id voided before it arrived
 * means an earlier attempt timed out and was undone.
 */
export function holdDeclineReason(reason: RejectionReason): DeclineReason {
  switch (reason) {
    case 'WALLET_FROZEN':
    case 'WALLET_CLOSED':
      return DeclineReason.ACCOUNT_FROZEN;
    case 'HOLD_VOIDED':
      return DeclineReason.PROCESSING_TIMEOUT;
    case 'INSUFFICIENT_FUNDS':
      return DeclineReason.INSUFFICIENT_FUNDS;
  }
}
