import type { Bus } from '../../../platform/bus';
import type { Clock } from '../../../platform/clock';
import { AppError } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { PaymentCommands } from '../../payments/contract';
import { OfferEvents } from '../contract';
import type { Cashback } from '../store/cashback.entity';
import type { InTransaction, OffersStores } from '../store/stores';

/** What crediting cashback needs. */
export interface CreditDeps {
  bus: Bus;
  transaction: InTransaction;
  read: () => OffersStores;
  clock: Clock;
  logger: Logger;
  /** Called after a commit that recorded events, so the relay publishes them at once. */
  eventsRecorded: () => void;
}

/** The reward id payments credits a cashback under: one credit per offer and payment, however often asked. */
export function cashbackRewardId(cashback: Pick<Cashback, 'offerId' | 'paymentId'>): string {
  return `cashback:${cashback.offerId}:${cashback.paymentId}`;
}

/**
 * Credits owed cashback through payments (`payments.creditReward`, CASHBACK from the REWARDS
 * account). Payments credits once per reward id, so asking again after a lost answer is safe:
 * a cashback without an answer stays PENDING and the retry pass asks again.
 */
export class CashbackCredits {
  constructor(private readonly deps: CreditDeps) {}

  async credit(cashbackId: string): Promise<void> {
    const { bus, logger } = this.deps;
    const stores = this.deps.read();
    const cashback = await stores.rewards.cashback(cashbackId);
    if (!cashback || cashback.status !== 'PENDING') return;
    const offer = await stores.catalogue.offer(cashback.offerId);
    let reply;
    try {
      reply = await bus.request(PaymentCommands.creditReward, {
        rewardId: cashbackRewardId(cashback),
        kind: 'CASHBACK',
        accountId: cashback.accountId,
        walletId: cashback.walletId,
        amountMinor: cashback.amountMinor.toString(),
        currency: cashback.currency,
        relatedPaymentId: cashback.paymentId,
        note: offer ? offer.title.slice(0, 500) : null,
      });
    } catch (error) {
      if (error instanceof AppError) {
        logger.warn({ err: error, cashbackId }, 'payments refused a cashback; its cap is released');
        await this.decline(cashback, null);
      } else {
        logger.warn({ err: error, cashbackId }, 'cashback credit got no answer; will ask again');
      }
      return;
    }
    if (reply.status === 'COMPLETED') await this.credited(cashback, reply.paymentId);
    else if (reply.status === 'DECLINED') await this.decline(cashback, reply.paymentId);
  }

  private async credited(cashback: Cashback, cashbackPaymentId: string): Promise<void> {
    const now = this.deps.clock();
    const settled = await this.deps.transaction(async (stores) => {
      if (!(await stores.rewards.settleCashback(cashback.id, 'CREDITED', cashbackPaymentId, now)))
        return false;
      stores.record(
        OfferEvents.cashbackEarned,
        {
          cashbackId: cashback.id,
          offerId: cashback.offerId,
          accountId: cashback.accountId,
          paymentId: cashback.paymentId,
          cashbackPaymentId,
          walletId: cashback.walletId,
          amountMinor: cashback.amountMinor.toString(),
          currency: cashback.currency,
          earnedAt: now.toISOString(),
        },
        now,
      );
      return true;
    });
    if (settled) {
      this.deps.eventsRecorded();
      this.deps.logger.info({ cashbackId: cashback.id, cashbackPaymentId }, 'cashback credited');
    }
  }

  private async decline(cashback: Cashback, cashbackPaymentId: string | null): Promise<void> {
    const now = this.deps.clock();
    await this.deps.transaction(async (stores) => {
      if (await stores.rewards.settleCashback(cashback.id, 'DECLINED', cashbackPaymentId, now)) {
        await stores.rewards.releaseCap(cashback.offerId, cashback.accountId, cashback.amountMinor);
      }
    });
  }
}
