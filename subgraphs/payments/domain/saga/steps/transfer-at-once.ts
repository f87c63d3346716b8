import { AppError } from '../../../../../platform/errors';
import type { Bus } from '../../../../../platform/bus';
import type { Logger } from '../../../../../platform/logger';
import { WalletCommands } from '../../../../wallets/contract';
import { declined, type PaymentStep } from '../payment-run';
import { holdDeclineReason } from './place-hold';
import { creditedFields, refusalReason } from './post-hold';

/**
 * Moves an approved transfer that holds nothing from the payer's wallet to the payee's in one
 * ledger transfer under the payment's id (through FX when the currencies differ): the debit is
 * checked and made in that one command. A refusal is definite and moved nothing. A timeout is
 * an unknown outcome: the undo voids the payment's id, so a transfer that arrives late moves
 * nothing, and one that already posted cannot be voided (the saga is then left to the recovery
 * pass, which finds it posted). A payment that holds its amount skips this step and posts its
 * hold next.
 */
export function transferAtOnce(bus: Bus, logger: Logger): PaymentStep<{ moved: boolean }> {
  return {
    id: 'transfer-at-once',
    action: async (run) => {
      if (run.held) return { moved: false };
      const p = run.payment;
      const credit = { walletId: p.destinationWalletId! };
      try {
        const reply = await bus.request(WalletCommands.transfer, {
          transferId: p.id,
          debit: { walletId: p.sourceWalletId! },
          credit,
          amountMinor: p.amountMinor.toString(),
          currency: p.currency,
          paymentId: p.id,
          ...creditedFields(p),
        });
        if (reply.outcome === 'REJECTED') return declined(holdDeclineReason(reply.reason), false);
        return { moved: true };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        logger.warn({ err: error, paymentId: p.id }, 'the transfer was refused');
        return declined(await refusalReason(bus, run, credit), false);
      }
    },
    undo: async ({ payment }, done) => {
      if (done && !done.moved) return;
      await bus.request(WalletCommands.voidHold, { holdId: payment.id });
    },
  };
}
