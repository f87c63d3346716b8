import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { Agent, request, type Dispatcher } from 'undici';
import { GATEWAY_SIGNATURE_HEADER, SIGNED_HEADERS, type GatewaySigner } from '../platform/auth';
import { SUBSCRIPTION_EVENT_EXTENSION, type SubscriptionEvent } from '../platform/graphql/subscription-event';
import type { Logger } from '../platform/logger';
import type { GatewayContext } from './auth';

/** What a subgraph answers a call: its data, errors and extensions. */
type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource<GatewayContext>['process']>>;

/** The code of the error that stands for fields a subgraph could not answer. */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

/**
 * One keep-alive connection pool for all subgraph calls. Pipelining stays at 1 so a slow
 * response never holds up the next request on the same socket.
 */
export function subgraphAgent(connectionsPerOrigin = 128): Agent {
  return new Agent({
    connections: connectionsPerOrigin,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connect: { noDelay: true },
  });
}

/**
 * A `fetch`-shaped function on undici's `request` over the shared agent: connections are
 * reused, every request is signed as the gateway's (subgraphs serve nothing else), and a call
 * that has sent no headers, or no body, within `timeoutMs` fails.
 */
export function subgraphFetcher(agent: Agent, timeoutMs: number, signer: GatewaySigner): Fetcher {
  return async (url, init = {}) => {
    const headers = { ...(init.headers as Record<string, string> | undefined) };
    headers[GATEWAY_SIGNATURE_HEADER] = signer.sign({
      body: typeof init.body === 'string' ? init.body : '',
      requestId: headers[SIGNED_HEADERS.requestId],
      clientIp: headers[SIGNED_HEADERS.clientIp],
    });
    const response = await request(url, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers,
      body: init.body,
      signal: init.signal as AbortSignal | undefined,
      dispatcher: agent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await response.body.text();
    return new BufferedResponse(url, response.statusCode, response.headers, text);
  };
}

/**
 * A subgraph's response, read whole: what a data source expects of a fetch Response. Its
 * headers become a Headers object only when asked for (the gateway's own data source reads none).
 */
class BufferedResponse implements FetcherResponse {
  readonly bodyUsed = false;
  readonly redirected = false;
  private parsedHeaders?: Headers;

  constructor(
    readonly url: string,
    readonly status: number,
    private readonly rawHeaders: Record<string, string | string[] | undefined>,
    private readonly body: string,
  ) {}

  get headers(): Headers {
    if (this.parsedHeaders) return this.parsedHeaders;
    const headers = new Headers();
    for (const [key, value] of Object.entries(this.rawHeaders)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) headers.append(key, item);
      else headers.set(key, value);
    }
    return (this.parsedHeaders = headers);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return String(this.status);
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.body, 'utf8');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    return new BufferedResponse(this.url, this.status, this.rawHeaders, this.body);
  }
}

/**
 * How the gateway calls one subgraph: at the URL this process was given (not the one in the
 * supergraph), passing on who is asking, and turning a subgraph that is down or too slow into
 * one clear error naming it, so the fields of the other subgraphs still arrive. It speaks
 * GraphQL over HTTP itself, as RemoteGraphQLDataSource would (a JSON body with the query first,
 * the response's data, errors and extensions), without the request and header objects that class
 * builds for every call.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    private readonly url: string,
    private readonly fetcher: Fetcher,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    let extensions = request.extensions;
    const context = 'incomingRequestContext' in options ? options.context : undefined;
    if (context) {
      if (context.authorization) headers.authorization = context.authorization;
      headers[SIGNED_HEADERS.requestId] = context.requestId;
      if (context.clientIp) headers[SIGNED_HEADERS.clientIp] = context.clientIp;
      // A subscription's primary fetch carries the event its owner answers from (subscriptions/plans.ts).
      const { event } = context as GatewayContext & { event?: SubscriptionEvent };
      if (event && request.query.startsWith('subscription')) {
        extensions = { ...extensions, [SUBSCRIPTION_EVENT_EXTENSION]: event };
      }
    }
    // The query first: in-flight sharing reads the operation's kind from the body's start.
    const body = JSON.stringify({
      query: request.query,
      operationName: request.operationName,
      variables: request.variables,
      extensions,
    });
    let response: FetcherResponse;
    try {
      response = await this.fetcher(this.url, { method: 'POST', headers, body });
    } catch (error) {
      throw this.unavailable(error as Error, context);
    }
    const text = await response.text();
    if (!response.ok) throw this.errorFromResponse(response.status, text);
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw this.errorFromResponse(response.status, text);
    }
    if (!answer || typeof answer !== 'object') throw this.errorFromResponse(response.status, text);
    return answer as GatewayGraphQLResponse;
  }

  /** A subgraph that could not be reached or did not answer in time. */
  private unavailable(error: Error, context: GatewayContext | undefined): GraphQLError {
    const reason = isTimeout(error) ? `did not answer within ${this.timeoutMs} ms` : 'could not be reached';
    this.logger.warn(
      { err: error, subgraph: this.name, requestId: context?.requestId },
      'subgraph call failed',
    );
    return new GraphQLError(`The ${this.name} subgraph ${reason}; its fields are null`, {
      extensions: { code: SUBGRAPH_UNAVAILABLE, serviceName: this.name },
    });
  }

  /**
   * A subgraph that answers with an HTTP error: its own GraphQL error when the body has one
   * (codes such as UNAUTHENTICATED stay intact), else an error naming the subgraph.
   */
  private errorFromResponse(status: number, text: string): GraphQLError {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const first = firstError(body);
    if (first) {
      return new GraphQLError(first.message, { extensions: { ...first.extensions, serviceName: this.name } });
    }
    return new GraphQLError(`The ${this.name} subgraph failed with HTTP ${status}; its fields are null`, {
      extensions: { code: SUBGRAPH_UNAVAILABLE, serviceName: this.name },
    });
  }
}

function firstError(body: unknown): { message: string; extensions?: Record<string, unknown> } | undefined {
  if (!body || typeof body !== 'object' || !('errors' in body) || !Array.isArray(body.errors))
    return undefined;
  const [first] = body.errors as unknown[];
  if (!first || typeof first !== 'object' || typeof (first as { message?: unknown }).message !== 'string') {
    return undefined;
  }
  return first as { message: string; extensions?: Record<string, unknown> };
}

function isTimeout(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    error.name === 'TimeoutError'
  );
}

/** Whether every subgraph answers `{ __typename }` within `timeoutMs`; names those that do not. */
export async function probeSubgraphs(
  agent: Agent,
  urls: Record<string, string>,
  timeoutMs: number,
  signer: GatewaySigner,
): Promise<{ ready: boolean; subgraphs: Record<string, 'up' | 'down'> }> {
  const entries = await Promise.all(
    Object.entries(urls).map(
      async ([name, url]) => [name, (await answers(agent, url, timeoutMs, signer)) ? 'up' : 'down'] as const,
    ),
  );
  const subgraphs = Object.fromEntries(entries);
  return { ready: entries.every(([, state]) => state === 'up'), subgraphs };
}

async function answers(
  agent: Agent,
  url: string,
  timeoutMs: number,
  signer: GatewaySigner,
): Promise<boolean> {
  const body = '{"query":"{ __typename }"}';
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [GATEWAY_SIGNATURE_HEADER]: signer.sign({ body }) },
      body,
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = (await response.body.json()) as { data?: { __typename?: unknown } };
    return response.statusCode === 200 && typeof answer.data?.__typename === 'string';
  } catch {
    return false;
  }
}
