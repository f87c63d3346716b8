import { FaultInjectingBus, InProcessBus, OutboxRelay, type Bus } from '../../../platform/bus';
import { newId } from '../../../platform/ids';
import { createLogger } from '../../../platform/logger';
import { testDatabase, type TestDatabase } from '../../../test/support/database';
import { EventLog } from '../../../test/support/events';
import { registerCommandHandlers } from '../bus-handlers';
import { PAYMENT_EVENTS } from '../contract';
import { openPaymentsDatabase } from '../database';
import type { FundingNetwork } from '../domain/funding-network';
import { TableFxRates } from '../domain/fx-rates';
import { PaymentLimits } from '../domain/limits';
import { PaymentService } from '../domain/payment-service';
import { PaymentQueries } from '../domain/queries';
import { WalletDirectory } from '../domain/wallet-directory';
import { runRecoveryPass } from '../domain/recovery';
import { PaymentRuns } from '../domain/runs';
import { PaymentClaims } from '../domain/saga/claims';
import { PaymentProcessor } from '../domain/saga/processor';
import { SandboxFundingNetwork } from '../domain/sandbox-funding-network';
import { VerificationService } from '../domain/verification';
import type { Payment } from '../store/payment.entity';
import { PaymentStore } from '../store/payment-store';
import { ReviewService } from '../domain/review';
import type { RiskFailSafe } from '../domain/risk-fail-safe';
import { FakeBank } from './fake-bank';
import { registerApprovingRiskDouble } from './risk-double';

/** Rates for unit tests: EUR base, CNY as in the checked-in file. */
export const TEST_RATES = { USD: '1.0842', CNY: '7.8123', JPY: '162.35', KWD: '0.3339', GBP: '0.8571' };

/** Limits for unit tests: EUR 1,000.00 per payment and 2,000.00 per day; no request above 100,000.00. */
export const TEST_LIMITS = {
  currencies: { EUR: { max: '100000.00', perPayment: '1000.00', daily: '2000.00' } },
};

/** Waits for unit tests: 15 minutes for a code, a day for an analyst. */
export const TEST_WAITS = { verificationMs: 15 * 60_000, reviewMs: 24 * 3_600_000 };

/** Risk gets a second in unit tests; without its answer, up to EUR 50.00 is approved and the rest held. */
export const TEST_RISK_FAIL_SAFE: RiskFailSafe = {
  deadlineMs: 1_000,
  approveUpTo: new Map([['EUR', 5_000n]]),
};

/** A claim lasts a minute in unit tests, as by default. */
export const TEST_CLAIM_TTL_MS = 60_000;

/** How a payments domain for tests is started. */
export interface DomainOptions {
  /** False: the test answers risk.assess itself; otherwise an approving test double answers it. */
  risk?: boolean;
  fundingNetwork?: FundingNetwork;
  bus?: Bus;
  answerWithinMs?: number;
  /** A second instance of payments: the same database, bus and fake bank as this one. */
  shareWith?: SharedParts;
}

/** What a second instance of payments shares with the first. */
export interface SharedParts {
  place: TestDatabase;
  inner: Bus;
  bus: FaultInjectingBus;
  bank: FakeBank;
}

/**
 * The payments domain on a real database (SQLite in a temp dir, or PostgreSQL with TEST_DB)
 * against a FakeBank on a fault-injecting bus, for tests of the saga.
 */
export async function startPaymentsDomain(options: DomainOptions = {}) {
  const shared = options.shareWith;
  const place = shared?.place ?? testDatabase('payments-domain');
  const config = place.config();
  const logger = createLogger('silent');
  const inner = shared?.inner ?? options.bus ?? new InProcessBus(logger);
  const bus = shared?.bus ?? new FaultInjectingBus(inner);
  const bank = shared?.bank ?? new FakeBank(bus);
  if (options.risk !== false && !shared) registerApprovingRiskDouble(bus);
  const database = await openPaymentsDatabase(config, logger);
  const events = new EventLog(bus, PAYMENT_EVENTS);
  const relay = new OutboxRelay(database, bus, logger);
  const clock = { now: new Date() };
  const now = () => new Date(clock.now.getTime());
  const store = new PaymentStore(database);
  const fundingNetwork = options.fundingNetwork ?? new SandboxFundingNetwork();
  const limits = PaymentLimits.fromJson(TEST_LIMITS);
  const processor = new PaymentProcessor({
    bus,
    store,
    fundingNetwork,
    limits,
    logger,
    now,
    waits: TEST_WAITS,
    riskFailSafe: TEST_RISK_FAIL_SAFE,
  });
  const claims = new PaymentClaims(store, now, {
    ttlMs: TEST_CLAIM_TTL_MS,
    stepBudgetMs: TEST_CLAIM_TTL_MS / 2,
  });
  const runs = new PaymentRuns(options.answerWithinMs ?? 10_000, logger);
  const wallets = new WalletDirectory(bus);
  const service = new PaymentService({
    bus,
    wallets,
    store,
    processor,
    claims,
    runs,
    limits,
    fx: new TableFxRates('EUR', TEST_RATES),
    logger,
    now,
    newId,
  });
  const review = new ReviewService({ store, processor, claims, runs, now });
  const stopCommands = shared ? () => undefined : registerCommandHandlers(bus, service, review);
  return {
    place,
    inner,
    bus,
    bank,
    store,
    processor,
    service,
    claims,
    runs,
    verification: new VerificationService({ bus, store, processor, claims, runs, now }),
    queries: new PaymentQueries(store, wallets),
    database,
    clock,
    events,
    /** Publishes the outbox and waits until every event has been delivered. */
    async publishEvents(): Promise<EventLog> {
      await relay.flush();
      if (inner instanceof InProcessBus) await inner.drain();
      return events;
    },
    recover(at: Date, pendingAfterMs = 30_000) {
      return runRecoveryPass({ bus, store, processor, claims, logger, now: () => at, pendingAfterMs });
    },
    async close() {
      stopCommands();
      await runs.drain();
      events.close();
      if (shared) return database.close();
      await bus.close();
      await database.close();
      await place.drop();
    },
  };
}

export type PaymentsDomain = Awaited<ReturnType<typeof startPaymentsDomain>>;

/** A request's money input. */
export function money(amount: string, currency = 'EUR') {
  return { amount, currency };
}

/** Reads the stored payment, as the next request would see it. */
export async function stored(domain: PaymentsDomain, id: string): Promise<Payment> {
  const payment = await domain.store.findById(id);
  if (!payment) throw new Error(`payment ${id} not stored`);
  return payment;
}
