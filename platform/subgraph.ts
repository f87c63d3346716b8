import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives, type IResolvers } from '@graphql-tools/utils';
import { validate as validateInput, type ValidationError } from 'class-validator';
import { parse, type GraphQLError, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import type { Config, SubgraphName } from './config';
import { BadInput, ErrorCode, formatError } from './errors';
import { closeGracefully, createGraphQLHttpServer, listen, type IncomingRequest } from './http';
import type { Logger } from './logger';
import type { Bus } from './bus';
import {
  GATEWAY_SIGNATURE_HEADER,
  SIGNED_HEADERS,
  type GatewaySigner,
  type RevocationList,
  type Tokens,
} from './auth';
import { GATEWAY_SERVED_SUBSCRIPTIONS } from './graphql/subscription-event';
import { entitiesLimit } from './graphql/entities-limit';
import { depthLimit } from './graphql/limits';
import { SubgraphExecution } from './graphql/subgraph-execution';
import { scalarsMap } from './graphql/scalars';
import { metricsRoute } from './metrics';
import type { Clock } from './clock';

/** The federation spec every subgraph links, pinned so composition is reproducible. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

// type-graphql takes resolver and type classes as plain constructors.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ClassRef = Function;

/** What a subgraph declares to build its schema: resolvers, extra types, entity references. */
export interface SubgraphSchemaOptions {
  resolvers: NonEmptyArray<ClassRef>;
  orphanedTypes?: ClassRef[];
  /** `__resolveReference` per entity type, batched through the request's DataLoaders. */
  referenceResolvers?: IResolvers;
}

/**
 * Turns a type-graphql schema into a federation subgraph schema: the SDL with its directives
 * plus the resolvers, handed to `@apollo/subgraph`. Inputs are checked with class-validator
 * once, at the edge, and a failure names the field.
 */
export async function buildFederatedSchema(options: SubgraphSchemaOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    scalarsMap,
    skipCheck: true,
    emitSchemaFile: false,
    pubSub: GATEWAY_SERVED_SUBSCRIPTIONS,
    validateFn: async (argValue) => {
      if (argValue === null || typeof argValue !== 'object') return;
      const errors = await validateInput(argValue, {
        forbidUnknownValues: false,
        validationError: { target: false },
      });
      if (errors.length) throw badInputFrom(errors);
    },
  });
  const resolvers = createResolversMap(schema) as IResolvers;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...(reference as object) };
  }
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    // The subgraph library's resolver map type is narrower than graphql-tools' but compatible.
    resolvers: resolvers as Parameters<typeof buildSubgraphSchema>[0] extends { resolvers?: infer R }
      ? R
      : never,
  });
}

function badInputFrom(errors: ValidationError[], prefix = ''): BadInput {
  const [first] = errors;
  const field = prefix ? `${prefix}.${first.property}` : first.property;
  if (first.children?.length) return badInputFrom(first.children, field);
  const message = Object.values(first.constraints ?? {})[0] ?? `${field} is not valid`;
  return new BadInput(message, field);
}

/** What every service receives from the process that runs it. */
export interface ServiceDeps {
  config: Config;
  logger: Logger;
  bus: Bus;
  tokens: Tokens;
  /** The tokens revoked so far, which this process follows: every verifier of the process consults it. */
  revocations: RevocationList;
  /** The clock for every timestamp the service writes (createdAt, windows, expiries). */
  clock: Clock;
  /** Checks that a request comes from the gateway: a subgraph serves no one else. */
  gateway: GatewaySigner;
}

/** A service that is up: where it listens and how to stop it. */
export interface RunningService {
  name: string;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** How a subgraph is served: its schema, its per-request context and its readiness check. */
export interface ServeSubgraphOptions<Context extends BaseContext> {
  name: SubgraphName;
  schema: GraphQLSchema;
  deps: ServiceDeps;
  port: number;
  context: (request: IncomingRequest) => Promise<Context>;
  /** Whether the service can answer now (its database responds). */
  ready: () => Promise<boolean>;
  /** Released after the HTTP server has drained: the ORM, relays, timers. */
  onClose?: () => Promise<void>;
}

/**
 * Serves a subgraph over HTTP with the platform's error masking, logging and health routes. It
 * bounds what it parses, how deep a query goes and how many entities one request resolves on its
 * own, so a caller that reaches it past the gateway meets limits too.
 */
export async function serveSubgraph<Context extends BaseContext>(
  options: ServeSubgraphOptions<Context>,
): Promise<RunningService> {
  const { config, logger } = options.deps;
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !config.production,
    // In production a mistyped field is refused without naming the fields that do exist.
    hideSchemaDetailsFromClientErrors: config.production,
    // The process handles SIGINT/SIGTERM itself and stops services in order (main.ts).
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: config.maxQueryTokens },
    validationRules: [depthLimit(config.subgraphLimits.maxDepth)],
    // The gateway never asks for traces, so subgraphs do not build them; cache hints are never
    // read either, and computing them wraps every field's resolver.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      entitiesLimit(config.subgraphLimits.maxEntities),
      errorLogging(logger),
    ],
  });
  await apollo.start();
  // The gateway's ordinary requests skip Apollo Server's pipeline; it answers everything else.
  const execution = new SubgraphExecution<Context>({
    schema: options.schema,
    maxTokens: config.maxQueryTokens,
    maxDepth: config.subgraphLimits.maxDepth,
    maxEntities: config.subgraphLimits.maxEntities,
    introspection: !config.production,
    formatError,
    onErrors: (errors, context) => logResolverFailures(logger, errors, context),
  });
  const server = createGraphQLHttpServer({
    apollo,
    context: options.context,
    execute: (body, accept, context) => execution.execute(body, accept, context),
    logger,
    admit: (headers, body) =>
      options.deps.gateway.verify(header(headers, GATEWAY_SIGNATURE_HEADER), {
        body,
        requestId: header(headers, SIGNED_HEADERS.requestId),
        clientIp: header(headers, SIGNED_HEADERS.clientIp),
      }),
    routes: {
      '/health': async () => ({ status: 200, body: { status: 'ok' } }),
      '/metrics': metricsRoute,
      '/ready': async () => {
        const ready = await options.ready().catch(() => false);
        return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'unavailable' } };
      },
    },
  });
  // Subgraphs listen on loopback unless configured otherwise: only the gateway calls them.
  const port = await listen(server, options.port, config.subgraphHost);
  const url = `http://${config.subgraphHost}:${port}/graphql`;
  logger.info({ url }, 'subgraph listening');
  return {
    name: options.name,
    url,
    port,
    async close() {
      await closeGracefully(server);
      await apollo.stop();
      await options.onClose?.();
    },
  };
}

/** One value of a request header (the first, when sent several times). */
function header(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Logs the real cause of every masked INTERNAL_SERVER_ERROR, with the request id. */
function errorLogging(logger: Logger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          logResolverFailures(logger, errors, contextValue);
        },
      };
    },
  };
}

function logResolverFailures(logger: Logger, errors: readonly GraphQLError[], context: BaseContext): void {
  for (const error of errors) {
    const original = error.originalError;
    const code = (original as { code?: unknown } | undefined)?.code ?? error.extensions?.code;
    if (original && !Object.values(ErrorCode).includes(code as ErrorCode)) {
      const requestId = (context as { requestId?: string }).requestId;
      logger.error({ err: original, requestId, path: error.path }, 'resolver failed');
    }
  }
}
