import type { Bus } from '../../platform/bus';
import type { Logger } from '../../platform/logger';
import { PAYMENT_EVENTS } from '../payments/contract';
import { RiskCommands } from './contract';
import type { RiskAssessor } from './domain/assessor';
import { HISTORY_CONSUMER, type PaymentHistory } from './domain/history';

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

/** Learns each account's history from every payment event, once per event. */
export function registerConsumers(bus: Bus, history: PaymentHistory, logger: Logger): () => void {
  return bus.subscribe(PAYMENT_EVENTS, HISTORY_CONSUMER, async (event) => {
    await history.apply(event.id, event.data);
    logger.debug({ paymentId: event.data.paymentId, type: event.type }, 'payment history applied');
  });
}
