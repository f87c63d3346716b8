import type { GraphQLSchema } from 'graphql';
import { ConfigError, type SubgraphName } from '../../platform/config';
import { OutboxRelay } from '../../platform/bus';
import { newId } from '../../platform/ids';
import {
  buildFederatedSchema,
  serveSubgraph,
  type RunningService,
  type ServiceDeps,
} from '../../platform/subgraph';
import { registerCommandHandlers } from './bus-handlers';
import { loadPaymentsConfig } from './config';
import { paymentsContext, type PaymentsContext, type PaymentsServices } from './context';
import { loadFxRates } from './domain/fx-rates';
import { openPaymentsDatabase } from './database';
import { PaymentLimits } from './domain/limits';
import { PaymentService } from './domain/payment-service';
import { PaymentQueries } from './domain/queries';
import { WalletDirectory } from './domain/wallet-directory';
import { PaymentRecovery, runRecoveryPass, type RecoveryReport } from './domain/recovery';
import { ReviewService } from './domain/review';
import { loadRiskFailSafe } from './domain/risk-fail-safe';
import { PaymentRuns } from './domain/runs';
import { PaymentClaims } from './domain/saga/claims';
import { PaymentProcessor } from './domain/saga/processor';
import { SandboxFundingNetwork } from './domain/sandbox-funding-network';
import { VerificationService } from './domain/verification';
import { resolvePaymentReference } from './graphql/payment.reference';
import { PaymentResolver } from './graphql/payment.resolver';
import { TransactionEventsResolver } from './graphql/transaction-events.resolver';
import { WalletPaymentsResolver } from './graphql/wallet.resolver';
import { PaymentStore } from './store/payment-store';

export const name: SubgraphName = 'payments';

/**
 * How long a commit waits before it nudges the outbox relay: under load, payments commit in
 * bursts and one relay pass then publishes the whole burst instead of one pass per commit.
 */
const RELAY_NUDGE_DELAY_MS = 5;

/** `call`, run once `delayMs` after the first of any number of calls made meanwhile. */
function coalesced(call: () => void, delayMs: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      call();
    }, delayMs);
  };
}

/** The running payments service; `recover` runs one recovery pass now (operators, tests). */
export interface PaymentsRunningService extends RunningService {
  recover(options?: { now?: Date }): Promise<RecoveryReport>;
}

/** The federated schema, built without a database (composition uses it). */
export function schema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [PaymentResolver, WalletPaymentsResolver, TransactionEventsResolver],
    referenceResolvers: { Payment: { __resolveReference: resolvePaymentReference } },
  });
}

/**
 * Opens the database (migrations), answers payments' commands, starts the outbox relay and the
 * recovery pass, and serves HTTP. Risk decides every payment over the bus; without its answer
 * in time, the fail-safe of config/risk-fail-safe.json does.
 */
export async function start(deps: ServiceDeps, options: { port: number }): Promise<PaymentsRunningService> {
  const { config, logger, bus } = deps;
  const settings = loadPaymentsConfig(config.environment);
  if (settings.answerWithinMs >= config.subgraphTimeoutMs) {
    throw new ConfigError(
      `PAYMENTS_ANSWER_WITHIN_MS (${settings.answerWithinMs}) must be below SUBGRAPH_TIMEOUT_MS (${config.subgraphTimeoutMs}): a payment must answer before the gateway gives up on it`,
    );
  }
  const fx = loadFxRates(settings.fxRatesPath);
  const limits = PaymentLimits.load(settings.paymentLimitsPath);
  const database = await openPaymentsDatabase(config, logger);
  const relay = new OutboxRelay(database, bus, logger);
  const now = deps.clock;
  const store = new PaymentStore(
    database,
    coalesced(() => relay.nudge(), RELAY_NUDGE_DELAY_MS),
  );
  const processor = new PaymentProcessor({
    bus,
    store,
    fundingNetwork: new SandboxFundingNetwork({ latencyMs: settings.fundingNetworkLatencyMs }),
    limits,
    logger,
    now,
    waits: settings.waits,
    riskFailSafe: loadRiskFailSafe(settings.riskFailSafePath, settings.riskDeadlineMs),
  });
  // A step may take up to half a claim's life before the claim is renewed.
  const claims = new PaymentClaims(store, now, {
    ttlMs: settings.claimTtlMs,
    stepBudgetMs: settings.claimTtlMs / 2,
  });
  const runs = new PaymentRuns(settings.answerWithinMs, logger);
  // Wallets' owners and currencies, remembered: for payments and for reading a wallet's page.
  const wallets = new WalletDirectory(bus);
  const payments = new PaymentService({
    bus,
    wallets,
    store,
    processor,
    claims,
    runs,
    limits,
    fx,
    logger,
    now,
    newId,
  });
  const services: PaymentsServices = {
    bus,
    store,
    payments,
    verification: new VerificationService({ bus, store, processor, claims, runs, now }),
    queries: new PaymentQueries(store, wallets),
  };
  const recoveryDeps = {
    bus,
    store,
    processor,
    claims,
    logger,
    now,
    pendingAfterMs: settings.recoveryAfterMs,
  };
  const recovery = new PaymentRecovery(recoveryDeps, settings.recoveryIntervalMs);
  const review = new ReviewService({ store, processor, claims, runs, now });
  const stopCommands = registerCommandHandlers(bus, payments, review);
  relay.start();
  const release = async () => {
    stopCommands();
    await recovery.stop();
    // Payments still running after their answer finish before the database goes.
    await runs.drain();
    await relay.stop();
    await database.close();
  };
  try {
    const running = await serveSubgraph<PaymentsContext>({
      name,
      schema: await schema(),
      deps,
      port: options.port,
      context: (request) => paymentsContext(request, deps, services, database.fork),
      ready: () => database.orm.isConnected(),
      onClose: release,
    });
    recovery.start();
    return {
      ...running,
      recover: (pass = {}) => runRecoveryPass({ ...recoveryDeps, now: () => pass.now ?? deps.clock() }),
    };
  } catch (error) {
    await release();
    throw error;
  }
}
