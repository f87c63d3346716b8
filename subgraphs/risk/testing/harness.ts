import path from 'node:path';
import { OutboxRelay, type Bus } from '../../../platform/bus';
import { newId } from '../../../platform/ids';
import { createLogger } from '../../../platform/logger';
import { testDatabase } from '../../../test/support/database';
import { EventLog } from '../../../test/support/events';
import { registerCommandHandlers, registerConsumers } from '../bus-handlers';
import { RISK_EVENTS } from '../contract';
import { openRiskDatabase } from '../database';
import { AlertService } from '../domain/alerts';
import { historyDaysOf, RiskAssessor, type RuleSets } from '../domain/assessor';
import { BlockListService } from '../domain/block-lists';
import { PaymentHistory } from '../domain/history';
import { HistoryCache } from '../domain/history-cache';
import { ListsMemory } from '../domain/lists-memory';
import { loadRuleSet } from '../domain/rule-set';
import { HISTORY_LIMIT } from '../store/history-store';
import { GroupWriter } from '../store/group-writer';
import { RiskStore } from '../store/risk-store';

const CONFIG = path.join(__dirname, '..', '..', '..', 'config');

/**
 * The risk domain on a real database (SQLite in a temp dir, or PostgreSQL with TEST_DB) with the
 * checked-in rule sets, answering `risk.assess` and following payment events on `bus`.
 */
export async function startRiskDomain(options: { bus: Bus }) {
  const { bus } = options;
  const place = testDatabase('risk-domain');
  const config = place.config();
  const logger = createLogger('silent');
  const clock = () => new Date();
  const database = await openRiskDatabase(config, logger);
  const relay = new OutboxRelay(database, bus, logger);
  const store = new RiskStore(database, () => relay.nudge());
  const rules: RuleSets = {
    active: loadRuleSet(path.join(CONFIG, 'risk.yaml')),
    shadow: loadRuleSet(path.join(CONFIG, 'risk.shadow.yaml')),
  };
  const history = new HistoryCache(
    { maxAgeMs: historyDaysOf(rules) * 86_400_000, maxFacts: HISTORY_LIMIT },
    clock,
  );
  const lists = new ListsMemory(store, clock, logger);
  await lists.load();
  const writer = new GroupWriter(store);
  const assessor = new RiskAssessor({ store, history, lists, rules, bus, clock, logger, newId });
  const events = new EventLog(bus, RISK_EVENTS);
  const stopCommands = registerCommandHandlers(bus, assessor);
  const stopConsumers = registerConsumers(
    bus,
    new PaymentHistory(store, writer, clock, newId),
    history,
    logger,
  );
  return {
    store,
    assessor,
    events,
    alerts: new AlertService({ store, lists, bus, clock, rules: rules.active }),
    blockLists: new BlockListService({ store, lists, clock, newId }),
    async close() {
      stopConsumers();
      stopCommands();
      events.close();
      await relay.stop();
      await database.close();
      await place.drop();
    },
  };
}

export type RiskDomain = Awaited<ReturnType<typeof startRiskDomain>>;
