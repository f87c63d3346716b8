import { openDatabase, type Database } from '../../platform/database';
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { ENTITIES } from './entities';
import { Migration0001Init } from './migrations/0001_init';

/** The subgraph's name: its SQLite file and PostgreSQL schema. */
export const DATABASE_NAME = 'wallets';

/** Opens the wallets database and brings its schema up to date. */
export function openWalletsDatabase(config: Config, logger: Logger): Promise<Database> {
  return openDatabase({
    name: DATABASE_NAME,
    entities: ENTITIES,
    migrations: [{ name: '0001_init', class: Migration0001Init }],
    config,
    logger,
  });
}
