import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { Client } from 'pg';
import { loadConfig, type Config } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { startGraph, type Graph } from '../../main';

/** Which database the scenario tests run on: PostgreSQL when TEST_DB=postgresql and TEST_DATABASE_URL are set. */
export function testDatabaseEnv(): Record<string, string> {
  const url = process.env.TEST_DATABASE_URL;
  if (process.env.TEST_DB === 'postgresql' && url) {
    return { DATABASE_URL: url, DATABASE_SCHEMA_PREFIX: `t${randomBytes(4).toString('hex')}_` };
  }
  return {};
}

/** A GraphQL response as a client sees it. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** A whole graph on free ports with its own data directory, for one test file. */
export interface TestGraph {
  url: string;
  wsUrl: string;
  graph: Graph;
  config: Config;
  /** POSTs an operation to the gateway as a client would. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** Starts the gateway and every subgraph on free ports, on SQLite (or PostgreSQL in CI). */
export async function startTestGraph(
  env: Record<string, string> = {},
  options: { logs?: DestinationStream } = {},
): Promise<TestGraph> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wallet-graph-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...testDatabaseEnv(),
    ...env,
  });
  const logger = createLogger(config.logLevel, 'wallet-graph', options.logs);
  const graph = await startGraph(config, logger, { ephemeralPorts: true });
  const url = graph.url;
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    graph,
    config,
    async gql(query, variables, token) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
      return { status: response.status, ...body } as GraphQLResponse<never>;
    },
    async close() {
      await graph.close();
      if (config.databaseUrl) await dropSchemas(config.databaseUrl, config.databaseSchemaPrefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Drops the PostgreSQL schemas of one test run. */
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

/** The `extensions.code` of each error, for asserting on failures. */
export function errorCodes(response: GraphQLResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}
