import { FraudAlertEventsResolver } from './graphql/fraud-alert-events.resolver';
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
import { registerCommandHandlers, registerConsumers } from './bus-handlers';
import { loadRiskConfig } from './config';
import { riskContext, type RiskContext, type RiskServices } from './context';
import { openRiskDatabase } from './database';
import { AlertService } from './domain/alerts';
import { historyDaysOf, RiskAssessor, type RuleSets } from './domain/assessor';
import { BlockListService } from './domain/block-lists';
import { PaymentHistory } from './domain/history';
import { HistoryCache } from './domain/history-cache';
import { ListsMemory } from './domain/lists-memory';
import { ReportService } from './domain/reports';
import { loadRuleSet } from './domain/rule-set';
import { ShadowService } from './domain/shadow';
import { AccountAlertsResolver } from './graphql/account.resolver';
import { BlockListResolver } from './graphql/block-list.resolver';
import { fraudAlertReference } from './graphql/fraud-alert.reference';
import { FraudAlertResolver } from './graphql/fraud-alert.resolver';
import { PaymentRiskResolver } from './graphql/payment.resolver';
import { ReportResolver } from './graphql/report.resolver';
import { ShadowResolver } from './graphql/shadow.resolver';
import { HISTORY_LIMIT } from './store/history-store';
import { GroupWriter } from './store/group-writer';
import { RiskStore } from './store/risk-store';

/** The subgraph that scores payments, raises fraud alerts and reports suspicious activity. */
export const name: SubgraphName = 'risk';

/** The federated schema, built without a database (composition uses it). */
export function schema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      PaymentRiskResolver,
      AccountAlertsResolver,
      FraudAlertResolver,
      BlockListResolver,
      ReportResolver,
      ShadowResolver,
      FraudAlertEventsResolver,
    ],
    referenceResolvers: fraudAlertReference,
  });
}

/**
 * Loads and checks the rule sets, opens the database (migrations), answers `risk.assess`,
 * learns from payment events, starts the outbox relay and serves HTTP.
 */
export async function start(deps: ServiceDeps, options: { port: number }): Promise<RunningService> {
  const { config, logger, bus, clock } = deps;
  const settings = loadRiskConfig(config.environment);
  const rules: RuleSets = {
    active: loadRuleSet(settings.rulesPath),
    shadow: settings.shadowRulesPath ? loadRuleSet(settings.shadowRulesPath) : undefined,
  };
  logger.info(
    { ruleSet: rules.active.version, candidate: rules.shadow?.version ?? null },
    'risk rules loaded',
  );
  const database = await openRiskDatabase(config, logger);
  const relay = new OutboxRelay(database, bus, logger.child({ component: 'outbox' }));
  const store = new RiskStore(database, () => relay.nudge());
  const history = new HistoryCache(
    { maxAgeMs: historyDaysOf(rules) * 86_400_000, maxFacts: HISTORY_LIMIT },
    clock,
  );
  const lists = new ListsMemory(store, clock, logger);
  await lists.load();
  const writer = new GroupWriter(store);
  const assessor = new RiskAssessor({ store, history, lists, rules, bus, clock, logger, newId, writer });
  const services: RiskServices = {
    bus,
    store,
    alerts: new AlertService({ store, lists, bus, clock, rules: rules.active }),
    blockLists: new BlockListService({ store, lists, clock, newId }),
    reports: new ReportService(store),
    shadow: new ShadowService(store, rules),
  };
  const stopCommands = registerCommandHandlers(bus, assessor);
  const stopConsumers = registerConsumers(
    bus,
    new PaymentHistory(store, writer, clock, newId),
    history,
    logger,
  );
  relay.start();
  lists.start();
  const release = async () => {
    lists.stop();
    stopConsumers();
    stopCommands();
    await relay.stop();
    await database.close();
  };
  try {
    return await serveSubgraph<RiskContext>({
      name,
      schema: await schema(),
      deps,
      port: options.port,
      context: (request) => riskContext(request, deps, services, database.fork),
      ready: () => database.orm.isConnected(),
      onClose: release,
    });
  } catch (error) {
    await release();
    throw error;
  }
}
