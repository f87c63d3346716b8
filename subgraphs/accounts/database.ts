import type { Config } from '../../platform/config';
import { openDatabase, type Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { Account } from './store/account.entity';
import { FundingSource } from './store/funding-source.entity';
import { Migration0001Init } from './store/migrations/0001_init';
import { Migration0002Throttles } from './store/migrations/0002_throttles';
import { Migration0003TokenRevocation } from './store/migrations/0003_token_revocation';
import { PartnerApp } from './store/partner-app.entity';
import { PartnerConsent } from './store/partner-consent.entity';
import { RevokedToken } from './store/revoked-token.entity';
import { Throttle } from './store/throttle.entity';

/** The subgraph's database: its SQLite file and its PostgreSQL schema. */
export const DATABASE_NAME = 'accounts';

/** Every entity of the accounts database. */
export const ENTITIES = [Account, FundingSource, PartnerApp, PartnerConsent, RevokedToken, Throttle];

/** The accounts migrations, oldest first. */
export const MIGRATIONS = [
  { name: '0001_init', class: Migration0001Init },
  { name: '0002_throttles', class: Migration0002Throttles },
  { name: '0003_token_revocation', class: Migration0003TokenRevocation },
];

/** Opens the accounts database and brings its schema up to date. */
export function openAccountsDatabase(config: Config, logger: Logger): Promise<Database> {
  return openDatabase({ name: DATABASE_NAME, entities: ENTITIES, migrations: MIGRATIONS, config, logger });
}
