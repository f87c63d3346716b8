import { AppError } from '../../../../../platform/errors';
import type { Bus } from '../../../../../platform/bus';
import type { Logger } from '../../../../../platform/logger';
import { WalletCommands, type LedgerSide } from '../../../../wallets/contract';
import type { Payment } from '../../../store/payment.entity';
import { DeclineReason } from '../../payment';
import { declined, type PaymentRun, type PaymentStep } from '../payment-run';

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
          ...creditedFields(p),
        });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        logger.warn({ err: error, paymentId: p.id }, 'posting the hold was refused');
        return declined(await refusalReason(bus, run, to), true);
      }
    },
  };
}

/** The credited amount and currency of a payment that arrives in another currency, as the ledger's commands take them. */
export function creditedFields(p: Payment): { creditedAmountMinor?: string; creditedCurrency?: string } {
  return p.creditedAmountMinor != null && p.creditedCurrency
    ? { creditedAmountMinor: p.creditedAmountMinor.toString(), creditedCurrency: p.creditedCurrency }
    : {};
}

/**
 * Why the ledger's typed refusal to credit `to` declines the payment: a destination whose status
 * was not asked for before the saga and is CLOSED now, or else a processing error.
 */
export async function refusalReason(bus: Bus, run: PaymentRun, to: LedgerSide): Promise<DeclineReason> {
  if (run.destinationUnchecked && 'walletId' in to && (await isClosed(bus, to.walletId))) {
    return DeclineReason.DESTINATION_WALLET_CLOSED;
  }
  return DeclineReason.PROCESSING_ERROR;
}

/** Whether wallets reports the wallet CLOSED now; an unanswered question reads as not closed. */
async function isClosed(bus: Bus, walletId: string): Promise<boolean> {
  try {
    return (await bus.request(WalletCommands.getWallet, { walletId })).status === 'CLOSED';
  } catch {
    return false;
  }
}
