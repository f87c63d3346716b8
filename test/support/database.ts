import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig, type Config } from '../../platform/config';

/**
 * What every test service runs with unless a test says otherwise: passwords are hashed at a
 * lower scrypt cost than production's, so hundreds of sign-ups stay cheap (the cost itself has
 * its own test at the production setting).
 */
export const TEST_DEFAULTS: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  PASSWORD_SCRYPT_LOG_N: '12',
};

/** Whether this run's tests use PostgreSQL (TEST_DB=postgresql with TEST_DATABASE_URL), else SQLite. */
export function onPostgres(): boolean {
  return process.env.TEST_DB === 'postgresql' && !!process.env.TEST_DATABASE_URL;
}

/** One test file's own databases: a temp DATA_DIR for SQLite, and on PostgreSQL a schema prefix of its own. */
export interface TestDatabase {
  dataDir: string;
  /** The variables that point a service at these databases, with the test defaults. */
  env: Record<string, string>;
  /** A validated configuration on these databases, with `extra` variables on top. */
  config(extra?: Record<string, string>): Config;
  /**
   * Every value stored so far, as text: the SQLite files and their write-ahead logs byte for
   * byte, or every row of every table in this prefix's PostgreSQL schemas.
   */
  storedText(): Promise<string>;
  /**
   * Removes the data directory, and drops this prefix's PostgreSQL schemas when the run has no
   * id (the run's teardown drops them all at once otherwise).
   */
  drop(): Promise<void>;
}

/** A fresh place for a test's databases; call `drop()` in afterAll, once the services are closed. */
export function testDatabase(name = 'test'): TestDatabase {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  // The run's id first (global-setup.js), so the run's teardown drops every schema of it.
  const prefix = `t${process.env.TEST_RUN_ID ?? ''}${randomBytes(4).toString('hex')}_`;
  const url = process.env.TEST_DATABASE_URL;
  const env: Record<string, string> = {
    PASSWORD_SCRYPT_LOG_N: TEST_DEFAULTS.PASSWORD_SCRYPT_LOG_N,
    DATA_DIR: dataDir,
    ...(onPostgres() && url ? { DATABASE_URL: url, DATABASE_SCHEMA_PREFIX: prefix } : {}),
  };
  return {
    dataDir,
    env,
    config: (extra = {}) => loadConfig({ ...TEST_DEFAULTS, ...env, ...extra }),
    async storedText() {
      if (env.DATABASE_URL) return dumpSchemas(env.DATABASE_URL, prefix);
      return readdirSync(dataDir)
        .filter((file) => /\.db(-wal|-shm)?$/.test(file))
        .map((file) => readFileSync(path.join(dataDir, file)).toString('latin1'))
        .join('\n');
    },
    async drop() {
      if (env.DATABASE_URL && !process.env.TEST_RUN_ID) await dropSchemas(env.DATABASE_URL, prefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every row of every table in the schemas whose names start with `prefix`, as JSON text. */
async function dumpSchemas(databaseUrl: string, prefix: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_schema: string; table_name: string }>(
      'select table_schema, table_name from information_schema.tables where starts_with(table_schema, $1)',
      [prefix],
    );
    const dumps: string[] = [];
    for (const { table_schema, table_name } of tables.rows) {
      const rows = await client.query(`select * from "${table_schema}"."${table_name}"`);
      dumps.push(JSON.stringify(rows.rows));
    }
    return dumps.join('\n');
  } finally {
    await client.end();
  }
}

/** Drops the PostgreSQL schemas whose names start with `prefix`. */
async function dropSchemas(databaseUrl: string, prefix: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      'select nspname from pg_namespace where starts_with(nspname, $1)',
      [prefix],
    );
    for (const { nspname } of rows) await client.query(`drop schema "${nspname}" cascade`);
  } finally {
    await client.end();
  }
}
