import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import proxyAddr from 'proxy-addr';
import { AppError, ErrorCode } from '../platform/errors';
import type { Viewer, ViewerSource } from '../platform/auth';
import type { IncomingRequest } from '../platform/http';

/** What the gateway knows about one incoming request, and forwards to every subgraph it calls. */
export interface GatewayContext {
  viewer: Viewer;
  /** The caller's `Authorization` value, forwarded as is: each subgraph verifies it again. */
  authorization?: string;
  requestId: string;
  /** The client's address: the socket's, or what trusted proxies in front say it is. */
  clientIp?: string;
}

/** Whether the peer at `address`, `hop` steps from the gateway, is a proxy whose X-Forwarded-For is believed. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * Compiles TRUSTED_PROXIES once, with Express's `trust proxy` semantics (proxy-addr: `loopback`,
 * `linklocal`, `uniquelocal`, addresses and CIDR ranges); an entry it cannot read stops the start.
 */
export function trustedProxies(entries: readonly string[]): ProxyTrust {
  return proxyAddr.compile([...entries]);
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy, in which case
 * X-Forwarded-For is walked from the right past every trusted hop. Anyone else's X-Forwarded-For
 * is ignored, so a client cannot choose the address it is throttled by.
 */
export function clientAddress(request: IncomingRequest, trust: ProxyTrust): string | undefined {
  if (!request.remoteAddress) return undefined;
  // proxy-addr reads nothing of the request but its headers and its socket's address.
  const peer = { headers: request.headers, socket: { remoteAddress: request.remoteAddress } };
  return proxyAddr(peer as unknown as IncomingMessage, trust);
}

/**
 * Verifies the bearer token before any subgraph is called. No token is an anonymous caller;
 * an invalid, expired or revoked one ends the request with UNAUTHENTICATED and HTTP 401.
 */
export async function gatewayContext(
  request: IncomingRequest,
  tokens: ViewerSource,
  trust: ProxyTrust,
): Promise<GatewayContext> {
  let viewer: Viewer;
  try {
    viewer = await tokens.viewerOf(request.authorization);
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.Unauthenticated) {
      // Apollo Server reads the HTTP status from `extensions.http`; formatError keeps the message.
      throw new GraphQLError(error.message, {
        originalError: error,
        extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 } },
      });
    }
    throw error;
  }
  return {
    viewer,
    authorization: request.authorization,
    requestId: request.requestId,
    clientIp: clientAddress(request, trust),
  };
}
