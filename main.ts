import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  loadConfig,
  ConfigError,
  SERVED_SUBGRAPHS,
  SUBGRAPHS,
  type Config,
  type SubgraphName,
} from './platform/config';
import { consoleDestination, createLogger, type Logger } from './platform/logger';
import {
  AppendLog,
  DatabaseEventLogStore,
  FaultInjectingBus,
  InProcessBus,
  type Bus,
  type EventLog,
} from './platform/bus';
import type { NatsBus } from './platform/bus/nats';
import { FEED_EVENTS } from './gateway/subscriptions/feeds';
import {
  followRevocations,
  GatewaySigner,
  loadGatewaySecret,
  loadSigningKeys,
  RevocationList,
  Tokens,
  type RevocationFeed,
  type RevocationFollower,
} from './platform/auth';
import type { RunningService, ServiceDeps } from './platform/subgraph';
import { systemClock, type Clock } from './platform/clock';
import { startGateway } from './gateway/server';
import * as accounts from './subgraphs/accounts';
import { AccountCommands, AccountEvents } from './subgraphs/accounts/contract';
import * as wallets from './subgraphs/wallets';
import * as payments from './subgraphs/payments';
import * as offers from './subgraphs/offers';
import * as risk from './subgraphs/risk';

/** Each subgraph module exposes its schema (for composition) and a way to serve it. */
export interface SubgraphModule {
  start(deps: ServiceDeps, options: { port: number }): Promise<RunningService>;
}

const MODULES: Partial<Record<SubgraphName, SubgraphModule>> = { accounts, wallets, payments, offers, risk };

export const SUPERGRAPH_PATH = path.join(__dirname, 'schema', 'supergraph.graphql');

/** Where every process learns of revoked tokens: accounts revokes them. */
const REVOCATIONS: RevocationFeed = {
  revoked: AccountEvents.tokensRevoked,
  inForce: AccountCommands.revocations,
};

/**
 * This process's revocation list, subscribed to on `bus` at once; `load()` it once accounts can
 * answer (it may be this very process), so that nothing revoked in between is missed.
 */
function revocationsOn(
  bus: Bus,
  config: Config,
  logger: Logger,
): { list: RevocationList; follower: RevocationFollower } {
  const list = new RevocationList(config.jwt.ttlSeconds * 1000);
  const follower = followRevocations(bus, list, REVOCATIONS, logger.child({ component: 'revocations' }));
  return { list, follower };
}

/** A running graph: the gateway's URL and everything to stop. */
export interface Graph {
  url: string;
  port: number;
  services: Record<string, RunningService>;
  /** The bus every service of the graph talks on; commands can be intercepted through it. */
  bus: FaultInjectingBus;
  /** Resolves once every event delivery under way has finished. */
  drain(): Promise<void>;
  tokens: Tokens;
  /** The log the gateway's subscriptions are served from (absent without a gateway). */
  eventLog?: EventLog;
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
  const inner = new InProcessBus(logger.child({ component: 'bus' }), {
    commandTimeoutMs: config.busCommandTimeoutMs,
  });
  const bus = new FaultInjectingBus(inner);
  const drain = () => inner.drain();
  const tokens = new Tokens(await loadSigningKeys(config), config.jwt.issuer, config.jwt.ttlSeconds);
  const gatewaySigner = new GatewaySigner(await loadGatewaySecret(config));
  const revocations = revocationsOn(bus, config, logger);
  const services: Record<string, RunningService> = {};
  const close = async () => {
    // The gateway stops first so that no new request reaches a subgraph that is closing.
    for (const service of Object.values(services).reverse()) await service.close();
    revocations.follower.stop();
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
        revocations: revocations.list,
        clock: options.clock ?? systemClock,
        gateway: gatewaySigner,
      };
      const running = await module.start(deps, {
        port: options.ephemeralPorts ? 0 : config.subgraphPorts[name],
      });
      services[name] = running;
      subgraphUrls[name] = running.url;
    }
    await revocations.follower.load();
    if (options.gateway === false) {
      return { url: '', port: 0, services, bus, drain, tokens, close };
    }
    const eventLog = await embeddedEventLog(config, logger, bus);
    services.eventLog = { name: 'event-log', url: '', port: 0, close: () => eventLog.close() };
    const gateway = await startGateway({
      config,
      logger,
      tokens,
      revocations: revocations.list,
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      subgraphUrls,
      port: options.ephemeralPorts ? 0 : config.port,
      signer: gatewaySigner,
      eventLog,
    });
    services.gateway = gateway;
    return { url: gateway.url, port: gateway.port, services, bus, drain, tokens, eventLog, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/**
 * The embedded mode's event log: the gateway's own table of every event a subscription serves,
 * appended as the bus delivers them (a batch per commit); its positions are the events' ids.
 */
async function embeddedEventLog(config: Config, logger: Logger, bus: Bus): Promise<AppendLog> {
  const log = await AppendLog.open(await DatabaseEventLogStore.open(config, logger), (error) =>
    logger.error({ err: error }, 'event log append failed; the bus delivers again'),
  );
  bus.subscribe(FEED_EVENTS, 'gateway.event-log', (event) =>
    log.append({ id: event.id, type: event.type, payload: envelopeJson(event) }),
  );
  return log;
}

/** An event as JSON again, amounts (bigint) as the strings they travel as. */
function envelopeJson(event: unknown): string {
  return JSON.stringify(event, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

/**
 * Starts some subgraphs in this process on a given bus, for the distributed mode: each service
 * its own process, the bus NATS JetStream, the gateway elsewhere.
 */
export async function startServices(
  config: Config,
  logger: Logger,
  names: readonly SubgraphName[],
  bus: Bus,
): Promise<{ url: string; close(): Promise<void> }> {
  const tokens = new Tokens(await loadSigningKeys(config), config.jwt.issuer, config.jwt.ttlSeconds);
  const gateway = new GatewaySigner(await loadGatewaySecret(config));
  const revocations = revocationsOn(bus, config, logger);
  const running: RunningService[] = [];
  const close = async () => {
    for (const service of running.reverse()) await service.close();
    revocations.follower.stop();
    await bus.close();
  };
  try {
    for (const name of names) {
      const module = MODULES[name];
      if (!module) throw new Error(`The ${name} subgraph is not built yet`);
      const deps: ServiceDeps = {
        config,
        logger: logger.child({ subgraph: name }),
        bus,
        tokens,
        revocations: revocations.list,
        clock: systemClock,
        gateway,
      };
      running.push(await module.start(deps, { port: config.subgraphPorts[name] }));
    }
    await revocations.follower.load();
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { url: running.map((service) => service.url).join(' '), close };
}

/** The bus of a process that runs only part of the graph: NATS, which NATS_URL must name. */
async function connectNats(config: Config, logger: Logger, name: string): Promise<NatsBus> {
  if (!config.nats) {
    console.error(`Running "${name}" on its own needs NATS_URL: the services talk over NATS JetStream.`);
    process.exit(1);
  }
  // Loaded here: the embedded graph never needs the NATS client.
  const { NatsBus: Nats } = await import('./platform/bus/nats');
  return Nats.connect({
    url: config.nats.url,
    stream: config.nats.stream,
    subjectPrefix: `${config.nats.subjectPrefix}.events`,
    commandPrefix: `${config.nats.subjectPrefix}.commands`,
    name,
    logger: logger.child({ component: 'bus' }),
    commandTimeoutMs: config.busCommandTimeoutMs,
    credentials: config.nats,
  });
}

/**
 * The gateway alone, against the subgraph URLs of the environment. With NATS it follows token
 * revocations on the bus; without one (the two-process mode) it has no bus, and the subgraphs
 * behind it, which follow their own, are the ones that refuse a revoked token.
 */
async function startGatewayProcess(config: Config, logger: Logger): Promise<RunningService> {
  const tokens = new Tokens(await loadSigningKeys(config), config.jwt.issuer, config.jwt.ttlSeconds);
  const bus = config.nats ? await connectNats(config, logger, 'gateway') : undefined;
  const revocations = bus
    ? revocationsOn(bus, config, logger)
    : { list: new RevocationList(config.jwt.ttlSeconds * 1000), follower: undefined };
  if (!bus) logger.warn('no NATS_URL: the gateway follows no token revocations; the subgraphs still do');
  let eventLog: EventLog | undefined;
  try {
    await revocations.follower?.load();
    eventLog = bus ? await bus.eventLog() : undefined;
    if (!eventLog)
      logger.warn('no NATS_URL: the gateway serves no subscriptions (it has no event log to read)');
    const gateway = await startGateway({
      config,
      logger,
      tokens,
      revocations: revocations.list,
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      subgraphUrls: config.subgraphUrls,
      port: config.port,
      signer: new GatewaySigner(await loadGatewaySecret(config)),
      eventLog,
    });
    return {
      ...gateway,
      async close() {
        await gateway.close();
        await eventLog?.close();
        revocations.follower?.stop();
        await bus?.close();
      },
    };
  } catch (error) {
    await eventLog?.close();
    revocations.follower?.stop();
    await bus?.close();
    throw error;
  }
}

/**
 * `node dist/main.js` runs everything in one process (the embedded mode);
 * `node dist/main.js subgraphs` runs only the subgraphs, and `node dist/main.js gateway` only
 * the gateway, against the subgraph URLs of the environment: two processes, two cores.
 * `node dist/main.js accounts` (or any subgraph's name) runs that subgraph alone; with
 * NATS_URL set, `subgraphs` too talks over NATS, so services can run on separate hosts.
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
  const logger = createLogger(
    config.logLevel,
    'wallet-graph',
    consoleDestination({ production: config.production, terminal: process.stdout.isTTY === true }),
  );
  const role = process.argv[2] ?? 'all';
  let graph: { url: string; close(): Promise<void> };
  if (role === 'gateway') {
    graph = await startGatewayProcess(config, logger);
  } else if (role === 'subgraphs' && config.nats) {
    graph = await startServices(config, logger, SERVED_SUBGRAPHS, await connectNats(config, logger, role));
  } else if (role === 'subgraphs' || role === 'all') {
    // PORT=0 asks for free ports: the gateway's and every subgraph's, named in the log.
    graph = await startGraph(config, logger, { gateway: role === 'all', ephemeralPorts: config.port === 0 });
  } else if ((SUBGRAPHS as readonly string[]).includes(role)) {
    const name = role as SubgraphName;
    graph = await startServices(config, logger, [name], await connectNats(config, logger, name));
  } else {
    console.error(
      `Unknown role "${role}": use all, subgraphs, gateway or one of ${SERVED_SUBGRAPHS.join(', ')}`,
    );
    process.exit(1);
  }
  if (role === 'all' || role === 'gateway') {
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
