import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Database } from '../../platform/database';
import { loadConfig, type Config } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { newId } from '../../platform/ids';
import { LedgerAccount } from './entities';
import { DATABASE_NAME, openWalletsDatabase } from './database';

/**
 * A configuration for one test file: a temp DATA_DIR, and a PostgreSQL schema prefix of its own
 * when TEST_DB=postgresql and TEST_DATABASE_URL are set.
 */
export function testConfig(): { config: Config; cleanup(): Promise<void> } {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wallets-test-'));
  const url = process.env.TEST_DATABASE_URL;
  const postgres = process.env.TEST_DB === 'postgresql' && url;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(postgres ? { DATABASE_URL: url, DATABASE_SCHEMA_PREFIX: `t${randomBytes(4).toString('hex')}_` } : {}),
  });
  return {
    config,
    async cleanup() {
      if (config.databaseUrl)
        await dropSchema(config.databaseUrl, `${config.databaseSchemaPrefix}${DATABASE_NAME}`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Drops a test run's PostgreSQL schema once its services are closed. */
async function dropSchema(clientUrl: string, schema: string): Promise<void> {
  const orm = await MikroORM.init({ clientUrl, entities: [], discovery: { warnWhenNoEntities: false } });
  try {
    await orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
  } finally {
    await orm.close(true);
  }
}

/** A migrated wallets database in a temp directory (or its own PostgreSQL schema), dropped on close. */
export async function openTestDatabase(): Promise<Database> {
  const { config, cleanup } = testConfig();
  const db = await openWalletsDatabase(config, createLogger(config.logLevel));
  return {
    ...db,
    async close() {
      await db.close();
      await cleanup();
    },
  };
}

/** Opens a wallet straight in the database, with an opening balance booked against FUNDING by the caller. */
export async function insertWallet(
  db: Database,
  currency: string,
  options: { accountId?: string; status?: LedgerAccount['status'] } = {},
): Promise<string> {
  const em = db.fork();
  const wallet = em.create(LedgerAccount, {
    id: newId(),
    kind: 'WALLET',
    accountId: options.accountId ?? newId(),
    code: null,
    currency,
    status: options.status ?? 'ACTIVE',
    posted: 0n,
    pending: 0n,
    lastSeq: 0n,
    createdAt: new Date(),
  });
  await em.flush();
  return wallet.id;
}
