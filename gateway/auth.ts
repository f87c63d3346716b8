import { GraphQLError } from 'graphql';
import { AppError, ErrorCode } from '../platform/errors';
import type { Viewer, ViewerSource } from '../platform/auth';
import type { IncomingRequest } from '../platform/http';

/** What the gateway knows about one incoming request, and forwards to every subgraph it calls. */
export interface GatewayContext {
  viewer: Viewer;
  /** The caller's `Authorization` value, forwarded as is: each subgraph verifies it again. */
  authorization?: string;
  requestId: string;
  /** The address of the socket the request came on. */
  clientIp?: string;
}

/**
 * Verifies the bearer token before any subgraph is called. No token is an anonymous caller;
 * an invalid or expired one ends the request with UNAUTHENTICATED and HTTP 401.
 */
export async function gatewayContext(
  request: IncomingRequest,
  tokens: ViewerSource,
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
    clientIp: request.remoteAddress,
  };
}
