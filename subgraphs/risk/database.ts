import type { Config } from '../../platform/config';
import { openDatabase, type Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { Migration0001Init } from './store/migrations/0001_init';

/** The subgraph's database: its SQLite file and its PostgreSQL schema. */
export const DATABASE_NAME = 'risk';

/** The risk migrations, oldest first. Risk reads and writes with plain statements: no entities of its own. */
export const MIGRATIONS = [{ name: '0001_init', class: Migration0001Init }];

/** Opens the risk database and brings its schema up to date. */
export function openRiskDatabase(config: Config, logger: Logger): Promise<Database> {
  return openDatabase({ name: DATABASE_NAME, entities: [], migrations: MIGRATIONS, config, logger });
}
