import type { Bus } from '../../../../../platform/bus';
import { WalletCommands, type RejectionReason } from '../../../../wallets/contract';
import { DeclineReason } from '../../payment';
import { Halt } from '../runner';
import { declined, type PaymentStep } from '../payment-run';
import { waitForRisk } from './assess-risk';

/**
 * Reserves the amount on the source wallet under the payment's id; the undo voids that hold,
 * whether or not it was ever placed, so a hold placed late is refused.
 */
export function placeHold(bus: Bus): PaymentStep<{ holdId: string }> {
  return {
    id: 'place-hold',
    action: async (run) => {
      const { payment } = run;
      const reply = await bus.request(WalletCommands.placeHold, {
        holdId: payment.id,
        walletId: payment.sourceWalletId!,
        amountMinor: payment.amountMinor.toString(),
        currency: payment.currency,
        paymentId: payment.id,
      });
      if (reply.outcome === 'REJECTED') return declined(holdDeclineReason(reply.reason), false);
      run.held = true;
      return { holdId: reply.holdId };
    },
    undo: async ({ payment }, done) => {
      await bus.request(WalletCommands.voidHold, { holdId: done?.holdId ?? payment.id });
    },
  };
}

/**
 * For a payment risk has already decided on: when it must wait (for the payer's code or an
 * analyst) its amount is reserved first and the saga halts waiting; when it was approved nothing
 * is reserved and the saga goes on to move the money at once. The undo voids the payment's id
 * unless the step is known to have placed nothing, so a hold (or transfer) that arrives late is
 * refused.
 */
export function holdToWait(bus: Bus): PaymentStep<{ holdId?: string }> {
  const hold = placeHold(bus);
  return {
    id: 'hold-to-wait',
    action: async (run) => {
      const wait = waitForRisk(run);
      if (!wait) return {};
      const placed = await hold.action(run);
      return placed instanceof Halt ? placed : wait;
    },
    undo: async (run, done) => {
      if (done && !done.holdId) return;
      await hold.undo!(run, undefined);
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
