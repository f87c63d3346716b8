import type { DestinationStream } from 'pino';
import { GatewaySigner, loadGatewaySecret } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { startGraph, type Graph } from '../../main';
import { ALL_EVENTS } from './contracts';
import { testDatabase, type TestDatabase } from './database';
import { EventLog } from './events';
import { gqlClient, type GqlClient } from './gql';

export { errorCodes, type GraphQLResponse } from './gql';

/** A whole graph on free ports with databases of its own, for one test file. */
export interface TestGraph {
  url: string;
  wsUrl: string;
  graph: Graph;
  config: Config;
  database: TestDatabase;
  /** Every event published since the graph started. */
  events: EventLog;
  /** POSTs an operation to the gateway as a client would. */
  gql: GqlClient;
  /** Signs requests as the gateway does, for tests that talk to a subgraph directly. */
  signer: GatewaySigner;
  close(): Promise<void>;
}

/**
 * Starts the gateway and every subgraph on free ports, on SQLite (or PostgreSQL in CI); `clock`
 * is the services' clock, for tests that let days pass.
 */
export async function startTestGraph(
  env: Record<string, string> = {},
  options: { logs?: DestinationStream; clock?: Clock } = {},
): Promise<TestGraph> {
  const database = testDatabase('wallet-graph-test');
  const config = database.config(env);
  const logger = createLogger(config.logLevel, 'wallet-graph', options.logs);
  const graph = await startGraph(config, logger, { ephemeralPorts: true, clock: options.clock });
  const events = new EventLog(graph.bus, ALL_EVENTS);
  const signer = new GatewaySigner(await loadGatewaySecret(config));
  return {
    signer,
    url: graph.url,
    wsUrl: graph.url.replace(/^http/, 'ws'),
    graph,
    config,
    database,
    events,
    gql: gqlClient(graph.url),
    async close() {
      events.close();
      await graph.close();
      await database.drop();
    },
  };
}
