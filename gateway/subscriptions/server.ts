import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type ValidationRule,
} from 'graphql';
import type { Context, SubscribePayload } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { VerifiedToken, VerifiedTokenCache } from '../../platform/auth';
import { AppError, BadInput, ErrorCode, Forbidden, NotFound, RateLimited } from '../../platform/errors';
import { formatError } from '../../platform/errors';
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { REQUEST_ID_HEADER } from '../../platform/http';
import { clientAddress, type GatewayContext, type ProxyTrust } from '../auth';
import { CloseCode, CloseReason } from './close-codes';
import { FEEDS } from './feeds';
import type { SubscriptionHub } from './hub';
import { subscriptionsClosed } from './metrics';
import type { SubscriptionPlanner } from './plans';
import { shareOperation } from './shared-operation';
import type { Principal } from './source';
import type { Subscriber } from './subscriber';
import { randomUUID } from 'node:crypto';

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  apollo: ApolloServer<GatewayContext>;
  planner: SubscriptionPlanner;
  hub: SubscriptionHub;
  tokens: VerifiedTokenCache;
  trust: ProxyTrust;
  config: Config;
  validationRules: ValidationRule[];
  logger: Logger;
}

/** One graphql-ws connection: who it is, until when, and what it has open. */
interface Connection {
  context: GatewayContext;
  token: VerifiedToken;
  subscribers: Set<Subscriber>;
  /** Subscriptions being checked: they hold their place against the cap meanwhile. */
  opening: number;
  expiry: NodeJS.Timeout;
}

type WsContext = Context<Record<string, unknown> | undefined, Extra & Record<PropertyKey, unknown>>;

/**
 * Serves graphql-ws on the gateway's own port and path. The token travels in
 * `connectionParams.authorization`; a connection without a good one is closed with 4401, and so
 * is one whose token expires, before anything else is sent on it. Subscriptions are checked
 * (validation, limits, the caller's own wallet or account, `after`, caps) before they open, so a
 * refusal is a graphql-ws `error` with the usual `extensions.code`. Queries and mutations sent on
 * the socket run as over HTTP.
 */
export function serveSubscriptions(options: SubscriptionServerOptions): { close(): Promise<void> } {
  const { config, hub, planner, logger } = options;
  const connections = new Map<WebSocket, Connection>();
  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  const closeSocket = (socket: WebSocket, code: number, reason: string) => {
    if (socket.readyState !== socket.OPEN && socket.readyState !== socket.CONNECTING) return;
    subscriptionsClosed.labels(String(code)).inc();
    socket.close(code, reason);
  };

  const disposable = useServer<Record<string, unknown> | undefined>(
    {
      onConnect: async (ctx: WsContext) => {
        const socket = ctx.extra.socket;
        const authorization = ctx.connectionParams?.authorization;
        if (typeof authorization !== 'string' || !authorization) {
          closeSocket(socket, CloseCode.Unauthorized, CloseReason.noToken);
          return false;
        }
        const token = await options.tokens.tokenOf(authorization).catch(() => null);
        if (!token) {
          closeSocket(socket, CloseCode.Unauthorized, CloseReason.invalidToken);
          return false;
        }
        const headers = ctx.extra.request.headers;
        const context: GatewayContext = {
          viewer: token.viewer,
          authorization,
          requestId:
            typeof headers[REQUEST_ID_HEADER] === 'string' ? headers[REQUEST_ID_HEADER] : randomUUID(),
          clientIp: clientAddress(
            { headers, requestId: '', remoteAddress: ctx.extra.request.socket.remoteAddress },
            options.trust,
          ),
        };
        const expiry = setTimeout(
          () => closeSocket(socket, CloseCode.Unauthorized, CloseReason.expired),
          Math.max(0, token.expiresAt.getTime() - Date.now()),
        );
        expiry.unref();
        connections.set(socket, { context, token, subscribers: new Set(), opening: 0, expiry });
        socket.once('close', () => {
          const connection = connections.get(socket);
          connections.delete(socket);
          if (!connection) return;
          clearTimeout(connection.expiry);
          for (const subscriber of connection.subscribers) subscriber.end();
        });
        return true;
      },

      onSubscribe: async (
        ctx: WsContext,
        _id: string,
        payload: SubscribePayload,
      ): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const connection = connections.get(ctx.extra.socket);
        if (!connection)
          return [new GraphQLError('Not connected', { extensions: { code: ErrorCode.Unauthenticated } })];
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: config.maxQueryTokens });
        } catch (error) {
          return [
            new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
          ];
        }
        const errors = validate(planner.apiSchema, document, [...specifiedRules, ...options.validationRules]);
        if (errors.length) {
          return errors.map(
            (error) =>
              new GraphQLError(error.message, {
                nodes: error.nodes,
                extensions: { code: error.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED' },
              }),
          );
        }
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [badRequest('Name the operation to run')];
        const args = {
          schema: planner.apiSchema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables ?? {},
        };
        if (operation.operation !== 'subscription') return { ...args, contextValue: { connection } };
        try {
          const subscriber = await openSubscription(options, connection, ctx.extra.socket, closeSocket, {
            document,
            variables: payload.variables ?? {},
            operationName: payload.operationName,
          });
          return { ...args, contextValue: { subscriber } };
        } catch (error) {
          if (!(error instanceof AppError) && !(error instanceof GraphQLError)) {
            logger.error(
              { err: error, requestId: connection.context.requestId },
              'subscription could not open',
            );
          }
          return [asGraphQLError(error)];
        }
      },

      subscribe: (args: ExecutionArgs) => (args.contextValue as { subscriber: Subscriber }).subscriber,

      execute: async (args: ExecutionArgs): Promise<ExecutionResult> => {
        const { connection } = args.contextValue as { connection: Connection };
        const response = await options.apollo.executeOperation(
          {
            query: args.document,
            variables: args.variableValues ?? {},
            operationName: args.operationName ?? undefined,
          },
          { contextValue: { ...connection.context } },
        );
        if (response.body.kind !== 'single')
          return { errors: [new GraphQLError('Incremental delivery is not served')] };
        return response.body.singleResult as ExecutionResult;
      },
    },
    wss,
    config.subscriptions.keepAliveMs,
  );

  return {
    async close() {
      // Every subscription completes; then each socket closes with 1001 and a reason to resume.
      hub.close();
      for (const socket of connections.keys())
        closeSocket(socket, CloseCode.GoingAway, CloseReason.goingAway);
      await disposable.dispose();
      logger.debug('subscriptions closed');
    },
  };
}

async function openSubscription(
  options: SubscriptionServerOptions,
  connection: Connection,
  socket: WebSocket,
  closeSocket: (socket: WebSocket, code: number, reason: string) => void,
  request: { document: DocumentNode; variables: Record<string, unknown>; operationName?: string | null },
): Promise<Subscriber> {
  const { config } = options;
  if (connection.subscribers.size + connection.opening >= config.subscriptions.perConnection) {
    throw new RateLimited(`At most ${config.subscriptions.perConnection} subscriptions per connection`);
  }
  // The place is taken before anything is awaited, so concurrent subscribes cannot pass the cap.
  connection.opening++;
  let subscriber: Subscriber;
  try {
    subscriber = await checkAndOpen(options, connection, socket, closeSocket, request);
  } finally {
    connection.opening--;
  }
  if (socket.readyState !== socket.OPEN) {
    // The connection went while this was checked: nothing will ever read it.
    subscriber.end();
    throw new AppError(ErrorCode.Unauthenticated, 'The connection closed');
  }
  // Counted among the open ones in the same step as it stops being counted as opening.
  connection.subscribers.add(subscriber);
  subscriber.onClose(() => connection.subscribers.delete(subscriber));
  return subscriber;
}

async function checkAndOpen(
  options: SubscriptionServerOptions,
  connection: Connection,
  socket: WebSocket,
  closeSocket: (socket: WebSocket, code: number, reason: string) => void,
  request: { document: DocumentNode; variables: Record<string, unknown>; operationName?: string | null },
): Promise<Subscriber> {
  const { hub, apollo } = options;
  const operation = shareOperation(request.document, request.variables, request.operationName);
  const feed = FEEDS.get(operation.field);
  if (!feed) throw new BadInput(`${operation.field} is not a subscription this gateway serves`);
  const principal = principalOf(connection.context);
  const check = feed.check(operation.args);
  if (check) {
    const response = await apollo.executeOperation(
      { query: check.query, variables: check.variables },
      { contextValue: { ...connection.context } },
    );
    const data = response.body.kind === 'single' ? response.body.singleResult.data : undefined;
    if (!data?.[check.field]) throw new NotFound(check.what, check.id);
  }
  const after = operation.after === undefined ? undefined : await hub.checkResumable(operation.after);
  return hub.subscribe(
    {
      feed,
      operation,
      context: connection.context,
      principal,
      expiresAt: connection.token.expiresAt.getTime(),
      connection: {
        bufferedBytes: () => socket.bufferedAmount,
        tooSlow: () => closeSocket(socket, CloseCode.TooSlow, CloseReason.tooSlow),
        expired: () => closeSocket(socket, CloseCode.Unauthorized, CloseReason.expired),
      },
    },
    after,
  );
}

/** Whose events a connection may receive: its account, every analyst alike, or its partner app. */
function principalOf(context: GatewayContext): Principal {
  const { viewer } = context;
  if (viewer.kind === 'partner') {
    if (!viewer.scopes.includes('events:subscribe')) {
      throw new Forbidden('A partner app subscribes with the events:subscribe scope');
    }
    return { kind: 'partner', appId: viewer.partnerAppId };
  }
  if (viewer.kind === 'account') {
    return viewer.roles.includes('ANALYST')
      ? { kind: 'analyst' }
      : { kind: 'account', accountId: viewer.accountId };
  }
  throw new AppError(ErrorCode.Unauthenticated, 'Sign in to subscribe');
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BadUserInput } });
}

function asGraphQLError(error: unknown): GraphQLError {
  const source =
    error instanceof GraphQLError
      ? error
      : new GraphQLError((error as Error).message, { originalError: error as Error });
  const formatted = formatError(source.toJSON(), error);
  return new GraphQLError(formatted.message, { extensions: formatted.extensions });
}
