import { BudgetAlertEventsResolver } from './graphql/budget-alert-events.resolver';
import type { GraphQLSchema } from 'graphql';
import type { SubgraphName } from '../../platform/config';
import { OutboxRelay } from '../../platform/bus';
import { newId } from '../../platform/ids';
import {
  buildFederatedSchema,
  serveSubgraph,
  type RunningService,
  type ServiceDeps,
} from '../../platform/subgraph';
import { registerConsumers } from './bus-handlers';
import { loadOffersConfig } from './config';
import { offersContext, type OffersContext, type OffersServices } from './context';
import { openOffersDatabase } from './database';
import { Budgets } from './domain/budgets';
import { CashbackCredits } from './domain/credits';
import { OffersCatalogue } from './domain/offers';
import { Redemptions } from './domain/redemptions';
import { CreditRetries } from './domain/retry';
import { AccountOffersResolver } from './graphql/account.resolver';
import { BudgetAlertResolver, BudgetResolver } from './graphql/budget.resolver';
import { OfferResolver } from './graphql/offer.resolver';
import { PaymentCashbackResolver } from './graphql/payment.resolver';
import { budgetReferences } from './graphql/budget.reference';
import { offerReference } from './graphql/offer.reference';
import { RewardsResolver } from './graphql/rewards.resolver';
import { AccountRef, BudgetAlertType, PaymentRef } from './graphql/types';
import { unitsOfWork } from './store/stores';

/** The subgraph of offers, cashback, points, spending insights and budgets. */
export const name: SubgraphName = 'offers';

/** The running offers service; `retryCredits` asks payments again for unanswered credits now (operators, tests). */
export interface OffersRunningService extends RunningService {
  retryCredits(): Promise<void>;
}

/** The federated schema, built without a database (composition uses it). */
export function schema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      OfferResolver,
      AccountOffersResolver,
      PaymentCashbackResolver,
      BudgetResolver,
      BudgetAlertResolver,
      RewardsResolver,
      BudgetAlertEventsResolver,
    ],
    // Account and Payment are extended here but reached from no root field of this subgraph.
    orphanedTypes: [AccountRef, PaymentRef, BudgetAlertType],
    referenceResolvers: { ...offerReference, ...budgetReferences },
  });
}

/**
 * Opens the database (migrations) and seeds the catalogue, follows completed payments, credits
 * cashback and redemptions through payments, and serves HTTP.
 */
export async function start(deps: ServiceDeps, options: { port: number }): Promise<OffersRunningService> {
  const { config, logger, bus, clock } = deps;
  const settings = loadOffersConfig(config.environment);
  const database = await openOffersDatabase(config, logger);
  const relay = new OutboxRelay(database, bus, logger.child({ component: 'outbox' }));
  const units = unitsOfWork(database);
  const eventsRecorded = () => relay.nudge();
  const catalogue = new OffersCatalogue({ clock, newId });
  const credits = new CashbackCredits({ bus, ...units, clock, logger, eventsRecorded });
  const redemptions = new Redemptions({
    bus,
    ...units,
    clock,
    logger,
    newId,
    pointValue: settings.pointValue,
  });
  const retries = new CreditRetries({
    read: units.read,
    credits,
    redemptions,
    clock,
    logger,
    intervalMs: settings.creditRetryIntervalMs,
    afterMs: settings.creditRetryAfterMs,
  });
  const services: OffersServices = {
    bus,
    catalogue,
    budgets: new Budgets({ bus, clock, newId }),
    redemptions,
  };
  let stopConsumers = () => undefined as void;
  const release = async () => {
    stopConsumers();
    await retries.stop();
    await relay.stop();
    await database.close();
  };
  try {
    const seeded = await catalogue.seed(units.read());
    if (seeded) logger.info({ offers: seeded }, 'offers catalogue seeded');
    stopConsumers = registerConsumers({
      bus,
      database,
      credits,
      logger,
      clock,
      newId,
      pointsPerUnit: settings.pointsPerUnit,
      eventsRecorded,
    });
    relay.start();
    retries.start();
    const running = await serveSubgraph<OffersContext>({
      name,
      schema: await schema(),
      deps,
      port: options.port,
      context: (request) => offersContext(request, deps, database, services),
      ready: () => database.orm.isConnected(),
      onClose: release,
    });
    return { ...running, retryCredits: () => retries.pass() };
  } catch (error) {
    await release();
    throw error;
  }
}
