import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { loadConfig, type Config } from '../../platform/config';
import { openDatabase } from '../../platform/database';
import { ErrorCode } from '../../platform/errors';
import { createAnalyst } from './analysts';
import { Account } from './entities';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations/0001_init';
import { onPostgres } from './test-support';

const logger = pino({ level: 'silent' });
let dataDir: string;
let config: Config;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'accounts-analyst-'));
  config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ...(onPostgres()
      ? {
          DATABASE_URL: process.env.TEST_DATABASE_URL,
          DATABASE_SCHEMA_PREFIX: `t${randomBytes(4).toString('hex')}_`,
        }
      : {}),
  });
});

afterAll(async () => {
  if (onPostgres()) {
    const orm = await PostgresORM.init({
      clientUrl: config.databaseUrl,
      entities: [],
      discovery: { warnWhenNoEntities: false },
    });
    await orm.em
      .getConnection()
      .execute(`drop schema if exists "${config.databaseSchemaPrefix}accounts" cascade`);
    await orm.close(true);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function stored(email: string): Promise<Account | null> {
  const database = await openDatabase({
    name: 'accounts',
    entities: ENTITIES,
    migrations: MIGRATIONS,
    config,
    logger,
  });
  try {
    return await database.fork().findOne(Account, { email });
  } finally {
    await database.close();
  }
}

describe('createAnalyst', () => {
  it('creates a new analyst account in a fresh database', async () => {
    const outcome = await createAnalyst(config, logger, {
      email: 'Boss@Example.com',
      password: 'An4lyst-password!',
    });
    expect(outcome).toMatchObject({ email: 'boss@example.com', created: true, roleAdded: true });
    expect((await stored('boss@example.com'))?.roles).toEqual(['CUSTOMER', 'ANALYST']);
  });

  it('adds the role to an existing account once', async () => {
    const again = await createAnalyst(config, logger, { email: 'boss@example.com' });
    expect(again).toMatchObject({ created: false, roleAdded: false });
    const database = await openDatabase({
      name: 'accounts',
      entities: ENTITIES,
      migrations: MIGRATIONS,
      config,
      logger,
    });
    const customer = new Account('customer@example.com', 'Customer', 'scrypt$placeholder');
    await database.fork().persistAndFlush(customer);
    await database.close();
    const promoted = await createAnalyst(config, logger, { email: 'customer@example.com' });
    expect(promoted).toMatchObject({ accountId: customer.id, created: false, roleAdded: true });
    expect((await stored('customer@example.com'))?.roles).toEqual(['CUSTOMER', 'ANALYST']);
  });

  it('refuses a bad email or a weak password for a new account', async () => {
    await expect(
      createAnalyst(config, logger, { email: 'nope', password: 'An4lyst-password!' }),
    ).rejects.toMatchObject({
      code: ErrorCode.BadUserInput,
      field: 'email',
    });
    await expect(
      createAnalyst(config, logger, { email: 'new@example.com', password: 'short' }),
    ).rejects.toMatchObject({
      code: ErrorCode.BadUserInput,
      field: 'password',
    });
    await expect(createAnalyst(config, logger, { email: 'new@example.com' })).rejects.toMatchObject({
      field: 'password',
    });
  });
});
