import { Histogram } from 'prom-client';
import { EPHEMERAL_CONSUMER, type Bus, type ParsedRequestOf } from '../../platform/bus';
import { metrics } from '../../platform/metrics';
import type { Logger } from '../../platform/logger';
import { PaymentEvents } from '../payments/contract';
import { RiskCommands } from './contract';
import type { RiskAssessor } from './domain/assessor';
import { factOf, HISTORY_CONSUMER, type PaymentHistory } from './domain/history';
import type { HistoryCache } from './domain/history-cache';

/** What risk learns from: a payment's outcome (its creation tells nothing risk did not see when scoring it). */
const OUTCOMES = [PaymentEvents.statusChanged, PaymentEvents.completed, PaymentEvents.declined];

/**
 * How long risk itself takes to decide, from the parsed request to the stored assessment: the
 * share of `payments_risk_decision_seconds` that is risk's own work.
 */
export const assessSeconds = new Histogram({
  name: 'risk_assess_seconds',
  help: 'Time risk takes to decide one payment, request parsed to assessment stored',
  buckets: [
    0.0001, 0.0002, 0.0004, 0.0006, 0.0008, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.025,
    0.05, 0.1, 0.5, 1,
  ],
  registers: [metrics],
});

/** Answers `risk.assess` (contract.ts): the bus has parsed the request; the assessor decides. */
export function registerCommandHandlers(bus: Bus, assessor: RiskAssessor): () => void {
  return bus.handle(RiskCommands.assess, async (p) => {
    const done = assessSeconds.startTimer();
    try {
      return await decide(assessor, p);
    } finally {
      done();
    }
  });
}

function decide(assessor: RiskAssessor, p: ParsedRequestOf<typeof RiskCommands.assess>) {
  return assessor.assess({
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
  });
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
