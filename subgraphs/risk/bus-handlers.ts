import { EPHEMERAL_CONSUMER, type Bus } from '../../platform/bus';
import type { Logger } from '../../platform/logger';
import { PaymentEvents } from '../payments/contract';
import { RiskCommands } from './contract';
import type { RiskAssessor } from './domain/assessor';
import { factOf, HISTORY_CONSUMER, type PaymentHistory } from './domain/history';
import type { HistoryCache } from './domain/history-cache';

/** What risk learns from: a payment's outcome (its creation tells nothing risk did not see when scoring it). */
const OUTCOMES = [PaymentEvents.statusChanged, PaymentEvents.completed, PaymentEvents.declined];

/** Answers `risk.assess` (contract.ts): the bus has parsed the request; the assessor decides. */
export function registerCommandHandlers(bus: Bus, assessor: RiskAssessor): () => void {
  return bus.handle(RiskCommands.assess, (p) =>
    assessor.assess({
      paymentId: p.paymentId,
      accountId: p.accountId,
      kind: p.kind,
      amountMinor: p.amountMinor,
      currency: p.currency,
      destinationAccountId: p.destinationAccountId,
      merchantName: p.merchantName ?? null,
      fundingSourceId: p.fundingSourceId ?? null,
      fundingFingerprint: p.fundingFingerprint ?? null,
      mfaEnabled: p.mfaEnabled ?? null,
    }),
  );
}

/**
 * Learns each account's history from payments' outcomes: once per event for the store (the
 * consumer group), and in every process for its histories in memory.
 */
export function registerConsumers(
  bus: Bus,
  history: PaymentHistory,
  cache: HistoryCache,
  logger: Logger,
): () => void {
  const stops = [
    bus.subscribe(OUTCOMES, HISTORY_CONSUMER, async (event) => {
      await history.apply(event.data);
      logger.debug({ paymentId: event.data.paymentId, type: event.type }, 'payment history applied');
    }),
    bus.subscribe(OUTCOMES, `${EPHEMERAL_CONSUMER}risk.history-cache`, async (event) => {
      cache.record(factOf(event.data));
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
