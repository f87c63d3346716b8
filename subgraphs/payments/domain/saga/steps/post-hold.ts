import { AppError } from '../../../../../platform/errors';
import type { Bus } from '../../../../../platform/bus';
import type { Logger } from '../../../../../platform/logger';
import { WalletCommands, type LedgerSide } from '../../../../wallets/contract';
import type { Payment } from '../../../store/payment.entity';
import { DeclineReason } from '../../payment';
import { declined, type PaymentStep } from '../payment-run';

/**
 * Settles the hold into its destination (through FX when the currencies differ): the money
 * moves. A typed refusal is definite (the hold was voided, the wallet closed): the saga declines
 * and undoes. Anything else may or may not have posted, so it is finished forward later.
 */
export function postHold(bus: Bus, logger: Logger, credit: (payment: Payment) => LedgerSide): PaymentStep {
  return {
    id: 'post-hold',
    forwardOnly: true,
    action: async (run) => {
      const p = run.payment;
      const to = credit(p);
      try {
        await bus.request(WalletCommands.postHold, {
          holdId: p.id,
          credit: to,
          ...(p.creditedAmountMinor != null && p.creditedCurrency
            ? { creditedAmountMinor: p.creditedAmountMinor.toString(), creditedCurrency: p.creditedCurrency }
            : {}),
        });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        logger.warn({ err: error, paymentId: p.id }, 'posting the hold was refused');
        if (run.destinationUnchecked && 'walletId' in to && (await isClosed(bus, to.walletId))) {
          return declined(DeclineReason.DESTINATION_WALLET_CLOSED, true);
        }
        return declined(DeclineReason.PROCESSING_ERROR, true);
      }
    },
  };
}

/** Whether wallets reports the wallet CLOSED now; an unanswered question reads as not closed. */
export async function isClosed(bus: Bus, walletId: string): Promise<boolean> {
  try {
    return (await bus.request(WalletCommands.getWallet, { walletId })).status === 'CLOSED';
  } catch {
    return false;
  }
}
