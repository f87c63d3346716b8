import { consumeOnce, type Bus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { unitOver, type Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { Money } from '../../platform/money';
import { PaymentEvents, type PaymentEventData } from '../payments/contract';
import type { CashbackCredits } from './domain/credits';
import { recordMerchantPayment, type CompletedMerchantPayment } from './domain/intake';
import { storesOn } from './store/stores';

/** The consumer group under which offers takes each completed payment in once. */
export const PAYMENTS_CONSUMER = 'offers.payments';

/** What following payments needs. */
export interface PaymentFollowerDeps {
  bus: Bus;
  database: Database;
  credits: CashbackCredits;
  logger: Logger;
  clock: Clock;
  newId: () => string;
  pointsPerUnit: number;
  /** Called after a commit that may have recorded events, so the relay publishes them at once. */
  eventsRecorded: () => void;
}

/** A completed merchant payment out of a `payment.completed` event; null for any other kind. */
export function merchantPaymentOf(data: PaymentEventData): CompletedMerchantPayment | null {
  if (data.kind !== 'MERCHANT' || data.status !== 'COMPLETED' || !data.category || !data.sourceWalletId)
    return null;
  return {
    paymentId: data.paymentId,
    accountId: data.accountId,
    walletId: data.sourceWalletId,
    category: data.category,
    amount: Money.ofMinor(data.amountMinor, data.currency),
    completedAt: new Date(data.occurredAt),
  };
}

/**
 * Follows payments' `payment.completed`: each completed merchant payment is taken in once (the
 * event id is remembered in the same transaction as its effects), then the cashback it earned
 * is credited through payments.
 */
export function registerConsumers(deps: PaymentFollowerDeps): () => void {
  const { bus, database, logger } = deps;
  return bus.subscribe([PaymentEvents.completed], PAYMENTS_CONSUMER, async (event) => {
    const payment = merchantPaymentOf(event.data);
    if (!payment) return;
    let cashbackIds: string[] = [];
    const fresh = await consumeOnce(database.fork(), PAYMENTS_CONSUMER, event, async (em) => {
      cashbackIds = await recordMerchantPayment(storesOn(unitOver(em), database.dialect), payment, {
        pointsPerUnit: deps.pointsPerUnit,
        newId: deps.newId,
        now: deps.clock(),
      });
    });
    if (!fresh) return;
    deps.eventsRecorded();
    logger.info(
      { paymentId: payment.paymentId, eventId: event.id, cashback: cashbackIds.length },
      'merchant payment taken in',
    );
    for (const cashbackId of cashbackIds) await deps.credits.credit(cashbackId);
  });
}
