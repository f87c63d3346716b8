import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { loadSigningKeys, Tokens } from '../../platform/auth';
import { InProcessBus, type EventEnvelope } from '../../platform/bus';
import { loadConfig, type Config } from '../../platform/config';
import { REDACTED_PATHS, type Logger } from '../../platform/logger';
import type { RunningService } from '../../platform/subgraph';
import { start } from './index';

/** A GraphQL answer as a client sees it. */
export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** The accounts subgraph alone on a free port, with its own data directory (or PostgreSQL schema). */
export interface TestAccounts {
  url: string;
  config: Config;
  bus: InProcessBus;
  tokens: Tokens;
  logger: Logger;
  /** Moves the service's clock forward (or back to real time with 0). */
  setClockOffset(ms: number): void;
  /** Every log line written so far, at level trace. */
  logs: string[];
  service: RunningService;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GqlResponse<T> & { raw: string }>;
  /** Resolves with the first event of `type` that matches, including one published before the call. */
  waitForEvent<T>(type: string, matches: (data: T) => boolean): Promise<EventEnvelope<T>>;
  /** Every stored value of the accounts database, as text (PostgreSQL) or the database files' bytes (SQLite). */
  storedBytes(): Promise<Buffer>;
  close(): Promise<void>;
}

/** Whether the tests run on PostgreSQL (TEST_DB=postgresql and TEST_DATABASE_URL set). */
export function onPostgres(): boolean {
  return process.env.TEST_DB === 'postgresql' && !!process.env.TEST_DATABASE_URL;
}

/** Starts the accounts subgraph as `start()` would be started by the graph, logging into memory. */
export async function startTestAccounts(): Promise<TestAccounts> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'accounts-test-'));
  const schemaPrefix = `t${randomBytes(4).toString('hex')}_`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'trace',
    ...(onPostgres()
      ? { DATABASE_URL: process.env.TEST_DATABASE_URL, DATABASE_SCHEMA_PREFIX: schemaPrefix }
      : {}),
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, remove: true } }, sink);
  const bus = new InProcessBus(logger);
  const events: EventEnvelope[] = [];
  const waiters = new Set<() => void>();
  bus.subscribe('account.*', 'accounts-test', async (event) => {
    events.push(event);
    for (const wake of waiters) wake();
  });
  const tokens = new Tokens(await loadSigningKeys(config), config.jwt.issuer, config.jwt.ttlSeconds);
  let clockOffsetMs = 0;
  const clock = () => new Date(Date.now() + clockOffsetMs);
  const service = await start({ config, logger, bus, tokens, clock }, { port: 0 });
  const schemaName = `${schemaPrefix}accounts`;

  return {
    url: service.url,
    config,
    bus,
    tokens,
    logger,
    logs,
    service,
    setClockOffset(ms) {
      clockOffsetMs = ms;
    },
    async gql(query, variables, options = {}) {
      const response = await fetch(service.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const raw = await response.text();
      return { status: response.status, raw, ...(JSON.parse(raw) as object) } as never;
    },
    async waitForEvent<T>(type: string, matches: (data: T) => boolean) {
      const found = () => events.find((event) => event.type === type && matches(event.data as T));
      for (;;) {
        const event = found();
        if (event) return event as EventEnvelope<T>;
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
        });
      }
    },
    async storedBytes() {
      if (!onPostgres()) {
        const { readFileSync, existsSync } = await import('node:fs');
        const files = ['accounts.db', 'accounts.db-wal', 'accounts.db-shm'].map((file) =>
          path.join(dataDir, file),
        );
        return Buffer.concat(files.filter((file) => existsSync(file)).map((file) => readFileSync(file)));
      }
      const orm = await PostgresORM.init({
        clientUrl: config.databaseUrl,
        entities: [],
        discovery: { warnWhenNoEntities: false },
      });
      try {
        const connection = orm.em.getConnection();
        const tables = await connection.execute<{ table_name: string }[]>(
          'select table_name from information_schema.tables where table_schema = ?',
          [schemaName],
        );
        const dumps: string[] = [];
        for (const { table_name } of tables) {
          const rows = await connection.execute(`select * from "${schemaName}"."${table_name}"`);
          dumps.push(JSON.stringify(rows));
        }
        return Buffer.from(dumps.join('\n'));
      } finally {
        await orm.close(true);
      }
    },
    async close() {
      await service.close();
      await bus.close();
      if (onPostgres()) {
        const orm = await PostgresORM.init({
          clientUrl: config.databaseUrl,
          entities: [],
          discovery: { warnWhenNoEntities: false },
        });
        await orm.em.getConnection().execute(`drop schema if exists "${schemaName}" cascade`);
        await orm.close(true);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A unique email for a test user. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}@example.com`;
}

export const STRONG_PASSWORD = 'correct horse battery staple';

const SIGN_UP = /* GraphQL */ `
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      account {
        id
        email
      }
    }
  }
`;

/** Signs up a customer and returns its id, email and token. */
export async function signUp(
  accounts: TestAccounts,
  email = uniqueEmail(),
): Promise<{ accountId: string; email: string; token: string }> {
  const response = await accounts.gql<{ signUp: { token: string; account: { id: string } } }>(SIGN_UP, {
    input: { email, password: STRONG_PASSWORD, displayName: 'Test User' },
  });
  if (!response.data?.signUp) throw new Error(`signUp failed: ${JSON.stringify(response.errors)}`);
  return { accountId: response.data.signUp.account.id, email, token: response.data.signUp.token };
}

/** The extensions of the first error of a response. */
export function firstError(response: GqlResponse<unknown>): Record<string, unknown> | undefined {
  return response.errors?.[0]?.extensions;
}
