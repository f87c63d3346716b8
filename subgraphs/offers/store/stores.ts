import { recordEvent, type EventContract, type EventDataInput } from '../../../platform/bus';
import type { Database, Dialect } from '../../../platform/database';
import { unitOver, type UnitOfWork } from '../../../platform/database/unit';
import { SOURCE } from '../contract';
import { BudgetStore } from './budget-store';
import { CatalogueStore } from './catalogue-store';
import { RewardsStore } from './rewards-store';
import { SpendingStore } from './spending-store';

/** Writes an event to the outbox in the unit of work the stores share. */
export type EventRecorder = <E extends EventContract>(
  contract: E,
  data: EventDataInput<E>,
  now: Date,
) => void;

/** The offers stores over one unit of work. */
export interface OffersStores {
  catalogue: CatalogueStore;
  spending: SpendingStore;
  rewards: RewardsStore;
  budgets: BudgetStore;
  record: EventRecorder;
}

/** The stores over one unit of work (a request's, or a transaction's). */
export function storesOn(unit: UnitOfWork, dialect: Dialect): OffersStores {
  return {
    catalogue: new CatalogueStore(unit),
    spending: new SpendingStore(unit),
    rewards: new RewardsStore(unit, dialect),
    budgets: new BudgetStore(unit, dialect),
    record: (contract, data, now) => {
      recordEvent(unit.em, SOURCE, contract, data, now);
    },
  };
}

/** Runs work in one transaction of its own; events it records commit with it. */
export type InTransaction = <T>(work: (stores: OffersStores) => Promise<T>) => Promise<T>;

/** Units of work on the offers database: a fresh EntityManager and transaction each. */
export function unitsOfWork(database: Database): { transaction: InTransaction; read: () => OffersStores } {
  return {
    transaction: (work) =>
      database.fork().transactional((tx) => work(storesOn(unitOver(tx), database.dialect))),
    read: () => storesOn(database.unit(), database.dialect),
  };
}
