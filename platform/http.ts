import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { ExecutedResponse } from './graphql/subgraph-execution';
import type { Logger } from './logger';

/** Request metadata every service reads from the incoming HTTP request. */
export interface IncomingRequest {
  authorization?: string;
  /** Follows one client request from the gateway through every subgraph's log lines. */
  requestId: string;
  headers: http.IncomingHttpHeaders;
  /** The address of the socket the request came on (the client, or the proxy in front). */
  remoteAddress?: string;
  /** The request body's `extensions`, when it has any. */
  extensions?: Record<string, unknown>;
}

/** A route beside /graphql: status code and a JSON body, or a text body with its content type. */
export type Route = () => Promise<{ status: number; body: unknown; contentType?: string }>;

export interface GraphQLHttpOptions<Context extends BaseContext> {
  apollo: ApolloServer<Context>;
  context: (request: IncomingRequest) => Promise<Context>;
  logger: Logger;
  routes?: Record<string, Route>;
  /** Answer browsers from other origins (Sandbox, front ends); off for internal subgraphs. */
  cors?: boolean;
  /**
   * Whether a GraphQL request may be served at all (a subgraph: only the gateway's signed
   * requests); refused ones get 403 and FORBIDDEN. Every request is admitted when absent.
   */
  admit?: (headers: http.IncomingHttpHeaders, body: string) => boolean;
  /**
   * Answers a JSON POST before Apollo Server does (a subgraph's own execution of the gateway's
   * ordinary requests); Apollo Server answers whatever it returns undefined for.
   */
  execute?: (
    body: unknown,
    accept: string | undefined,
    context: () => Promise<Context>,
  ) => Promise<ExecutedResponse | undefined>;
  maxBodyBytes?: number;
}

export const REQUEST_ID_HEADER = 'x-request-id';

const CORS_HEADERS = {
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers':
    'content-type, authorization, apollo-require-preflight, x-apollo-operation-name, x-request-id',
  'access-control-max-age': '600',
};

/**
 * The HTTP front of a service: GraphQL at /graphql through Apollo Server, plus the given
 * routes (/health, /ready, ...). Bodies are read whole, bounded in size, and parsed as JSON
 * only when the request says it is JSON; Apollo answers everything else.
 */
export function createGraphQLHttpServer<Context extends BaseContext>(
  options: GraphQLHttpOptions<Context>,
): http.Server {
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (options.cors) applyCors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const route = options.routes?.[url.pathname];
    if (route) {
      route().then(
        ({ status, body, contentType }) =>
          contentType
            ? res.writeHead(status, { 'content-type': contentType }).end(String(body))
            : sendJson(res, status, body),
        (error) => {
          options.logger.error({ err: error, path: url.pathname }, 'route failed');
          sendJson(res, 500, { status: 'error' });
        },
      );
      return;
    }
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      sendJson(res, 404, { errors: [{ message: 'Not found' }] });
      return;
    }
    readBody(req, maxBody).then(
      (raw) => handleGraphQL(options, req, res, url, raw),
      () => sendJson(res, 413, { errors: [{ message: 'Request body too large' }] }),
    );
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handleGraphQL<Context extends BaseContext>(
  options: GraphQLHttpOptions<Context>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  raw: string,
): Promise<void> {
  if (options.admit && !options.admit(req.headers, raw)) {
    sendJson(res, 403, {
      errors: [{ message: 'This service answers only the gateway', extensions: { code: 'FORBIDDEN' } }],
    });
    return;
  }
  const requestId = validRequestId(firstValue(req.headers[REQUEST_ID_HEADER])) ?? randomUUID();
  res.setHeader(REQUEST_ID_HEADER, requestId);
  let body: unknown = undefined;
  const contentType = req.headers['content-type'] ?? '';
  if (req.method === 'POST' && /^application\/(graphql-response\+)?json/i.test(contentType)) {
    try {
      body = raw.length ? JSON.parse(raw) : undefined;
    } catch {
      sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON' }] });
      return;
    }
  } else if (req.method === 'POST') {
    body = raw;
  }
  const context = () =>
    options.context({
      authorization: firstValue(req.headers.authorization),
      requestId,
      headers: req.headers,
      remoteAddress: req.socket.remoteAddress,
      extensions: extensionsOf(body),
    });
  if (options.execute && req.method === 'POST' && typeof body === 'object') {
    try {
      const executed = await options.execute(body, req.headers.accept, context);
      if (executed) {
        res.writeHead(executed.status, { 'content-type': executed.contentType }).end(executed.body);
        return;
      }
    } catch (error) {
      options.logger.error({ err: error, requestId }, 'request failed');
      sendJson(res, 500, { errors: [{ message: 'Internal server error' }] });
      return;
    }
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  try {
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method?.toUpperCase() ?? 'GET', headers, search: url.search, body },
      context,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  } catch (error) {
    options.logger.error({ err: error, requestId }, 'request failed');
    if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error' }] });
    else res.end();
  }
}

function extensionsOf(body: unknown): Record<string, unknown> | undefined {
  if (!body || typeof body !== 'object' || !('extensions' in body)) return undefined;
  const { extensions } = body as { extensions: unknown };
  return extensions && typeof extensions === 'object' ? (extensions as Record<string, unknown>) : undefined;
}

/** One value of a header (the first, when it came several times). */
function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function validRequestId(value: string | undefined): string | undefined {
  return value && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : undefined;
}

function applyCors(req: http.IncomingMessage, res: http.ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  if (req.method === 'OPTIONS')
    for (const [key, value] of Object.entries(CORS_HEADERS)) res.setHeader(key, value);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** Listens on `port` (0 picks a free one) and resolves with the bound port. */
export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting connections and resolves when requests in flight have finished. */
export function closeGracefully(server: http.Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    // A keep-alive connection whose request finishes after close() began goes idle later;
    // sweeping idle connections lets the close complete as soon as the last response is sent.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
