import type { Config } from '../../platform/config';
import { openDatabase, type Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { Migration0001Init } from './store/migrations/0001_init';
import { Migration0002Claims } from './store/migrations/0002_claims';
import { Migration0003RelatedPayments } from './store/migrations/0003_related_payments';
import { Migration0004RiskUnavailable } from './store/migrations/0004_risk_unavailable';
import { Payment } from './store/payment.entity';

/** The subgraph's database: its SQLite file and its PostgreSQL schema. */
export const DATABASE_NAME = 'payments';

/** Every entity of the payments database. */
export const ENTITIES = [Payment];

/** The payments migrations, oldest first. */
export const MIGRATIONS = [
  { name: '0001_init', class: Migration0001Init },
  { name: '0002_claims', class: Migration0002Claims },
  { name: '0003_related_payments', class: Migration0003RelatedPayments },
  { name: '0004_risk_unavailable', class: Migration0004RiskUnavailable },
];

/** Opens the payments database and brings its schema up to date. */
export function openPaymentsDatabase(config: Config, logger: Logger): Promise<Database> {
  return openDatabase({ name: DATABASE_NAME, entities: ENTITIES, migrations: MIGRATIONS, config, logger });
}
