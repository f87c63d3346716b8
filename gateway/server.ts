import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GatewaySigner, RevocationList, Tokens } from '../platform/auth';
import type { Config } from '../platform/config';
import { formatError } from '../platform/errors';
import { closeGracefully, createGraphQLHttpServer, listen } from '../platform/http';
import type { Logger } from '../platform/logger';
import { metricsRoute } from '../platform/metrics';
import type { RunningService } from '../platform/subgraph';
import { VerifiedTokenCache } from '../platform/auth';
import type http from 'node:http';
import { GraphQLError, type ValidationRule } from 'graphql';
import type { EventLog } from '../platform/bus';
import { ErrorCode } from '../platform/errors';
import { gatewayContext, trustedProxies, type GatewayContext, type ProxyTrust } from './auth';
import { SubscriptionHub } from './subscriptions/hub';
import { SubscriptionPlanner } from './subscriptions/plans';
import { serveSubscriptions } from './subscriptions/server';
import { DEFAULT_MAX_ALIASES, queryLimitRules } from './limits';
import { sharingIdenticalQueries } from './identical-queries';
import { sharingInFlight } from './in-flight';
import { probeSubgraphs, SubgraphDataSource, subgraphAgent, subgraphFetcher } from './subgraphs';

/** What the gateway needs to run: the composed supergraph and where each subgraph answers. */
export interface GatewayOptions {
  config: Config;
  logger: Logger;
  tokens: Tokens;
  /** The revocations this process follows: a revoked token is refused before any subgraph is called. */
  revocations: RevocationList;
  supergraphSdl: string;
  /** Overrides the routing URLs written in the supergraph, per subgraph name. */
  subgraphUrls: Record<string, string>;
  /** 0 picks a free port. */
  port: number;
  /** Signs every call to a subgraph as the gateway's. */
  signer: GatewaySigner;
  /**
   * The log subscriptions are served from; without one (a gateway with no bus) the gateway serves
   * no subscriptions.
   */
  eventLog?: EventLog;
}

/** Room for query plans, so planning stays off the hot path for every operation clients send. */
const QUERY_PLAN_STORE_MIB = 64;
/** How long /ready waits for a subgraph to answer `{ __typename }`. */
const READINESS_TIMEOUT_MS = 1_000;

/**
 * Serves the public graph: Apollo Server over `@apollo/gateway`, planning each operation across
 * the subgraphs of the supergraph and calling them over pooled keep-alive connections.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningService> {
  const { config } = options;
  const logger = options.logger.child({ component: 'gateway' });
  const tokens = new VerifiedTokenCache(options.tokens, options.revocations);
  const trust = trustedProxies(config.trustedProxies);
  const agent = subgraphAgent();
  // Identical queries in flight (same caller, same body) share one subgraph call.
  const fetcher = sharingInFlight(subgraphFetcher(agent, config.subgraphTimeoutMs, options.signer));
  const subgraphLogger = options.logger.child({ component: 'gateway.subgraph-client' });
  const routedUrls: Record<string, string> = {};
  const dataSources: Record<string, SubgraphDataSource> = {};
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger: options.logger.child({ component: 'gateway.apollo-gateway' }),
    experimental_approximateQueryPlanStoreMiB: QUERY_PLAN_STORE_MIB,
    buildService: ({ name, url }) => {
      const routed = options.subgraphUrls[name] ?? url;
      if (!routed) throw new Error(`No URL for subgraph "${name}"`);
      routedUrls[name] = routed;
      dataSources[name] = new SubgraphDataSource(
        name,
        routed,
        fetcher,
        config.subgraphTimeoutMs,
        subgraphLogger,
      );
      return dataSources[name];
    },
  });

  const validationRules = queryLimitRules({
    maxDepth: config.maxQueryDepth,
    maxCost: config.maxQueryCost,
    maxAliases: DEFAULT_MAX_ALIASES,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger: options.logger.child({ component: 'gateway.apollo-server' }),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !config.production,
    // In production a mistyped field is refused without naming the fields that do exist.
    hideSchemaDetailsFromClientErrors: config.production,
    // The process handles SIGINT/SIGTERM itself and stops services in order (main.ts).
    stopOnTerminationSignals: false,
    // Automatic persisted queries stay on (the default) in Apollo Server's bounded LRU cache.
    persistedQueries: { ttl: 24 * 60 * 60 },
    csrfPrevention: true,
    // The lexer stops at the token limit, so an oversized document costs no more than reading that far.
    parseOptions: { maxTokens: config.maxQueryTokens },
    validationRules,
    plugins: [
      config.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      // A gateway answers from its subgraphs: no per-field cache hints, traces or reporting.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      subscriptionsOverWebSocketOnly(),
      sharingIdenticalQueries(config.subgraphTimeoutMs),
      ...(logger.isLevelEnabled('debug') ? [requestLogging(logger)] : []),
    ],
  });
  await apollo.start();

  const server = createGraphQLHttpServer({
    apollo,
    context: (request) => gatewayContext(request, tokens, trust),
    logger,
    cors: true,
    routes: {
      '/health': async () => ({ status: 200, body: { status: 'ok' } }),
      '/metrics': metricsRoute,
      '/ready': async () => {
        const { ready, subgraphs } = await probeSubgraphs(
          agent,
          routedUrls,
          Math.min(READINESS_TIMEOUT_MS, config.subgraphTimeoutMs),
          options.signer,
        );
        return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'unavailable', subgraphs } };
      },
    },
  });
  const subscriptions = options.eventLog
    ? startSubscriptions(options.eventLog, {
        server,
        apollo,
        tokens,
        trust,
        validationRules,
        dataSources,
        options,
        logger,
      })
    : undefined;
  let port: number;
  try {
    port = await listen(server, options.port, config.host);
  } catch (error) {
    await subscriptions?.close();
    await apollo.stop();
    await agent.close();
    throw error;
  }
  const url = `http://${config.host}:${port}/graphql`;
  logger.info({ url, subgraphs: routedUrls }, 'gateway listening');
  return {
    name: 'gateway',
    url,
    port,
    async close() {
      await subscriptions?.close();
      await closeGracefully(server);
      await apollo.stop();
      await agent.close();
    },
  };
}

/** Subscriptions over graphql-ws on the same server, planned over the same supergraph. */
function startSubscriptions(
  log: EventLog,
  parts: {
    server: http.Server;
    apollo: ApolloServer<GatewayContext>;
    tokens: VerifiedTokenCache;
    trust: ProxyTrust;
    validationRules: ValidationRule[];
    dataSources: Record<string, SubgraphDataSource>;
    options: GatewayOptions;
    logger: Logger;
  },
): { close(): Promise<void> } {
  const { config } = parts.options;
  const planner = new SubscriptionPlanner(parts.options.supergraphSdl, () => parts.dataSources);
  const hub = new SubscriptionHub(
    log,
    planner,
    {
      maxEvents: config.subscriptions.bufferEvents,
      maxBytes: config.subscriptions.bufferBytes,
      maxPerAccount: config.subscriptions.perAccount,
    },
    parts.logger.child({ component: 'gateway.subscriptions' }),
  );
  hub.start();
  return serveSubscriptions({
    httpServer: parts.server,
    apollo: parts.apollo,
    planner,
    hub,
    tokens: parts.tokens,
    trust: parts.trust,
    config,
    validationRules: parts.validationRules,
    logger: parts.logger.child({ component: 'gateway.subscriptions' }),
  });
}

/** A subscription sent over HTTP is refused with a pointer to graphql-ws on the same URL. */
function subscriptionsOverWebSocketOnly(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError('Subscriptions are served over graphql-ws (WebSocket) on this same URL', {
            extensions: { code: ErrorCode.BadUserInput, http: { status: 400 } },
          });
        },
      };
    },
  };
}

/** One debug line per request: operation, outcome and time. Installed only when debug is on. */
function requestLogging(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, errors, response }) {
          logger.debug(
            {
              requestId: contextValue.requestId,
              operationName: operationName ?? undefined,
              errors: errors?.length ?? 0,
              status: response.http.status ?? 200,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
