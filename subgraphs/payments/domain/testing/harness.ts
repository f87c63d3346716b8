import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InProcessBus, OutboxRelay, type EventEnvelope } from '../../../../platform/bus';
import { loadConfig } from '../../../../platform/config';
import { openDatabase, type Database } from '../../../../platform/database';
import { newId } from '../../../../platform/ids';
import { createLogger } from '../../../../platform/logger';
import { testDatabaseEnv } from '../../../../test/support/graph';
import { Payment } from '../../entities/payment.entity';
import { Migration0001Init } from '../../migrations/0001_init';
import { registerApproveAllRisk } from '../approve-all-risk';
import type { FundingNetwork } from '../funding-network';
import { TableFxRates } from '../fx-rates';
import { PaymentLimits } from '../limits';
import { PaymentProcessor } from '../payment-processor';
import { PaymentQueries } from '../payment-queries';
import { PaymentService } from '../payment-service';
import { PaymentStore } from '../payment-store';
import { runRecoveryPass } from '../recovery';
import { SandboxFundingNetwork } from '../sandbox-funding-network';
import { FakeBank } from './fake-bank';

/** Rates for unit tests: EUR base, CNY as in the checked-in file. */
export const TEST_RATES = { USD: '1.0842', CNY: '7.8123', JPY: '162.35', KWD: '0.3339', GBP: '0.8571' };

/** Limits for unit tests: EUR 1,000.00 per payment and 2,000.00 per day. */
export const TEST_LIMITS = { currencies: { EUR: { perPayment: '1000.00', daily: '2000.00' } } };

/**
 * The payments domain on a real database (SQLite in a temp dir, or PostgreSQL with TEST_DB)
 * against a FakeBank on an InProcessBus, for unit tests of the saga.
 */
export async function startPaymentsDomain(options: { risk?: boolean; fundingNetwork?: FundingNetwork } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'payments-unit-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...testDatabaseEnv(),
  });
  const logger = createLogger('silent');
  const bus = new InProcessBus(logger);
  const bank = new FakeBank(bus);
  if (options.risk !== false) registerApproveAllRisk(bus, logger);
  const database: Database = await openDatabase({
    name: 'payments',
    entities: [Payment],
    migrations: [{ name: '0001_init', class: Migration0001Init }],
    config,
    logger,
  });
  const events: EventEnvelope[] = [];
  bus.subscribe('payment.*', 'test', async (event) => {
    events.push(event);
  });
  const relay = new OutboxRelay(database.fork, bus, logger);
  const clock = { now: new Date() };
  const now = () => new Date(clock.now.getTime());
  const store = new PaymentStore(database);
  const fundingNetwork = options.fundingNetwork ?? new SandboxFundingNetwork();
  const processor = new PaymentProcessor({
    bus,
    store,
    fundingNetwork,
    limits: PaymentLimits.fromJson(TEST_LIMITS),
    logger,
    now,
  });
  const service = new PaymentService({
    bus,
    store,
    processor,
    fx: new TableFxRates('EUR', TEST_RATES),
    logger,
    now,
    newId,
  });
  return {
    bus,
    bank,
    store,
    processor,
    service,
    queries: new PaymentQueries(store),
    database,
    clock,
    events,
    /** Publishes the outbox and waits until every event has been delivered. */
    async publishEvents(): Promise<EventEnvelope[]> {
      await relay.flush();
      await bus.drain();
      return events;
    },
    recover(at: Date, pendingAfterMs = 30_000) {
      return runRecoveryPass({ bus, store, processor, logger, now: () => at, pendingAfterMs });
    },
    async close() {
      await bus.close();
      if (database.dialect === 'postgresql') {
        await database.orm.em
          .getConnection()
          .execute(`drop schema if exists "${config.databaseSchemaPrefix}payments" cascade`);
      }
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
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
