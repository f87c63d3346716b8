import type { Config } from '../../platform/config';
import { openDatabase, type Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { OfferActivation } from './store/activation.entity';
import { BudgetAlert } from './store/budget-alert.entity';
import { Budget } from './store/budget.entity';
import { Cashback } from './store/cashback.entity';
import { MerchantSpend } from './store/merchant-spend.entity';
import { Migration0001Init } from './store/migrations/0001_init';
import { Offer } from './store/offer.entity';
import { Redemption } from './store/redemption.entity';
import { RewardPoints } from './store/reward-points.entity';

/** The subgraph's database: its SQLite file and its PostgreSQL schema. */
export const DATABASE_NAME = 'offers';

/** Every entity of the offers database. */
export const ENTITIES = [
  Offer,
  OfferActivation,
  MerchantSpend,
  Cashback,
  RewardPoints,
  Redemption,
  Budget,
  BudgetAlert,
];

/** The offers migrations, oldest first. */
export const MIGRATIONS = [{ name: '0001_init', class: Migration0001Init }];

/** Opens the offers database and brings its schema up to date. */
export function openOffersDatabase(config: Config, logger: Logger): Promise<Database> {
  return openDatabase({ name: DATABASE_NAME, entities: ENTITIES, migrations: MIGRATIONS, config, logger });
}
