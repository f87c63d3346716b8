import { GATEWAY_SIGNATURE_HEADER, SIGNED_HEADERS, type GatewaySigner } from '../../platform/auth';

/** A GraphQL response as a client sees it, with the HTTP status. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  headers: Headers;
  /** The body exactly as it arrived. */
  raw: string;
}

/** How one request is sent: a bearer token, or any headers. */
export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

/** How a client reaches a server: as the gateway does when it is a subgraph (signed). */
export interface ClientOptions {
  signer?: GatewaySigner;
}

/** POSTs one operation as JSON, as a client would, and reads the answer whatever its status. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  options: RequestOptions | string = {},
  client: ClientOptions = {},
): Promise<GraphQLResponse<T>> {
  const { token, headers } = typeof options === 'string' ? { token: options, headers: {} } : options;
  const body = JSON.stringify({ query, variables });
  const sent: Record<string, string> = {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...headers,
  };
  if (client.signer) {
    sent[GATEWAY_SIGNATURE_HEADER] = client.signer.sign({
      body,
      requestId: sent[SIGNED_HEADERS.requestId],
      clientIp: sent[SIGNED_HEADERS.clientIp],
    });
  }
  const response = await fetch(url, { method: 'POST', headers: sent, body });
  const text = await response.text();
  let answer: Omit<GraphQLResponse<T>, 'status' | 'headers' | 'raw'>;
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new Error(
      `${url} answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
    );
  }
  // The headers and the raw body ride along without taking part in equality assertions.
  const result = { ...answer, status: response.status } as GraphQLResponse<T>;
  Object.defineProperty(result, 'headers', { value: response.headers, enumerable: false });
  Object.defineProperty(result, 'raw', { value: text, enumerable: false });
  return result;
}

/** A client bound to one URL: `gql(query, variables, tokenOrOptions)`. */
export type GqlClient = <T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
  options?: RequestOptions | string,
) => Promise<GraphQLResponse<T>>;

/** The client of one server; with a signer, it calls a subgraph as the gateway would. */
export function gqlClient(url: string, client: ClientOptions = {}): GqlClient {
  return (query, variables, options) => postGraphQL(url, query, variables, options, client);
}

/** The data of a response, or a thrown error listing its GraphQL errors. */
export async function ok<T>(response: Promise<GraphQLResponse<T>> | GraphQLResponse<T>): Promise<T> {
  const result = await response;
  if (result.errors?.length || !result.data) {
    throw new Error(`GraphQL errors (HTTP ${result.status}): ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

/** The `extensions.code` of each error, for asserting on failures. */
export function errorCodes(response: GraphQLResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

/** The extensions of the first error of a response. */
export function firstError(response: GraphQLResponse<unknown>): Record<string, unknown> | undefined {
  return response.errors?.[0]?.extensions;
}
