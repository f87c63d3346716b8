import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError, SERVED_SUBGRAPHS, type Config, type SubgraphName } from './platform/config';
import { createLogger, type Logger } from './platform/logger';
import { InProcessBus } from './platform/bus';
import { loadSigningKeys, Tokens } from './platform/auth';
import type { RunningService, ServiceDeps } from './platform/subgraph';
import { systemClock, type Clock } from './platform/clock';
import { startGateway } from './gateway/server';
import * as accounts from './subgraphs/accounts';
import * as wallets from './subgraphs/wallets';
import * as payments from './subgraphs/payments';

/** Each subgraph module exposes its schema (for composition) and a way to serve it. */
export interface SubgraphModule {
  start(deps: ServiceDeps, options: { port: number }): Promise<RunningService>;
}

const MODULES: Partial<Record<SubgraphName, SubgraphModule>> = { accounts, wallets, payments };

export const SUPERGRAPH_PATH = path.join(__dirname, 'schema', 'supergraph.graphql');

/** A running graph: the gateway's URL and everything to stop. */
export interface Graph {
  url: string;
  port: number;
  services: Record<string, RunningService>;
  bus: InProcessBus;
  tokens: Tokens;
  close(): Promise<void>;
}

/**
 * Starts the subgraphs in this process on one in-process bus, then (unless `gateway: false`)
 * the gateway in front of them. `ephemeralPorts` picks free ports, for tests and benchmarks.
 */
export async function startGraph(
  config: Config,
  logger: Logger,
  options: { ephemeralPorts?: boolean; gateway?: boolean; clock?: Clock } = {},
): Promise<Graph> {
  const bus = new InProcessBus(logger.child({ component: 'bus' }));
  const tokens = new Tokens(await loadSigningKeys(config), config.jwt.issuer, config.jwt.ttlSeconds);
  const services: Record<string, RunningService> = {};
  const close = async () => {
    // The gateway stops first so that no new request reaches a subgraph that is closing.
    for (const service of Object.values(services).reverse()) await service.close();
    await bus.close();
  };
  try {
    const subgraphUrls = { ...config.subgraphUrls };
    for (const name of SERVED_SUBGRAPHS) {
      const module = MODULES[name];
      if (!module) continue;
      const deps: ServiceDeps = {
        config,
        logger: logger.child({ subgraph: name }),
        bus,
        tokens,
        clock: options.clock ?? systemClock,
      };
      const running = await module.start(deps, {
        port: options.ephemeralPorts ? 0 : config.subgraphPorts[name],
      });
      services[name] = running;
      subgraphUrls[name] = running.url;
    }
    if (options.gateway === false) {
      return { url: '', port: 0, services, bus, tokens, close };
    }
    const gateway = await startGateway({
      config,
      logger: logger.child({ component: 'gateway' }),
      tokens,
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      subgraphUrls,
      port: options.ephemeralPorts ? 0 : config.port,
    });
    services.gateway = gateway;
    return { url: gateway.url, port: gateway.port, services, bus, tokens, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/**
 * `node dist/main.js` runs everything in one process (the embedded mode);
 * `node dist/main.js subgraphs` runs only the subgraphs, and `node dist/main.js gateway` only
 * the gateway, against the subgraph URLs of the environment: two processes, two cores.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const role = process.argv[2] ?? 'all';
  let graph: { url: string; close(): Promise<void> };
  if (role === 'gateway') {
    const tokens = new Tokens(await loadSigningKeys(config), config.jwt.issuer, config.jwt.ttlSeconds);
    graph = await startGateway({
      config,
      logger,
      tokens,
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      subgraphUrls: config.subgraphUrls,
      port: config.port,
    });
  } else if (role === 'subgraphs' || role === 'all') {
    graph = await startGraph(config, logger, { gateway: role === 'all' });
  } else {
    console.error(`Unknown role "${role}": use all, subgraphs or gateway`);
    process.exit(1);
  }
  if (role !== 'subgraphs') {
    logger.info(
      { url: graph.url, sandbox: config.production ? undefined : graph.url, dataDir: config.dataDir },
      'graph ready',
    );
    if (!config.production) console.log(`\n  Graph and Apollo Sandbox: ${graph.url}\n`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    graph.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
