import type { Config } from '../../platform/config';
import { openDatabase, type Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { KnownAccountStatus } from './store/known-account-status.entity';
import { LedgerAccount } from './store/ledger-account.entity';
import { LedgerEntry } from './store/ledger-entry.entity';
import { Migration0001Init } from './store/migrations/0001_init';
import { Transfer } from './store/transfer.entity';

/** The subgraph's database: its SQLite file and its PostgreSQL schema. */
export const DATABASE_NAME = 'wallets';

/** Every entity of the wallets database. */
export const ENTITIES = [LedgerAccount, LedgerEntry, Transfer, KnownAccountStatus];

/** The wallets migrations, oldest first. */
export const MIGRATIONS = [{ name: '0001_init', class: Migration0001Init }];

/** Opens the wallets database and brings its schema up to date. */
export function openWalletsDatabase(config: Config, logger: Logger): Promise<Database> {
  return openDatabase({ name: DATABASE_NAME, entities: ENTITIES, migrations: MIGRATIONS, config, logger });
}
