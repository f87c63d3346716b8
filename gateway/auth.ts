import { GraphQLError } from 'graphql';
import { decodeJwt } from 'jose';
import { AppError, ErrorCode } from '../platform/errors';
import type { Viewer } from '../platform/auth';
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

/** Anything that turns an `Authorization` value into a viewer, as `Tokens` does. */
export interface ViewerSource {
  viewerOf(authorization: string | undefined): Promise<Viewer>;
}

/**
 * Remembers the viewer of each token it has verified, until the token expires (and at most
 * `maxAgeMs`), so a client's repeated requests cost one signature check. Only valid tokens are
 * remembered; the subgraphs verify every token again in any case.
 */
export class VerifiedTokenCache implements ViewerSource {
  private readonly entries = new Map<string, { viewer: Viewer; expiresAt: number }>();

  constructor(
    private readonly tokens: ViewerSource,
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async viewerOf(authorization: string | undefined): Promise<Viewer> {
    if (!authorization) return this.tokens.viewerOf(authorization);
    const now = this.now();
    const hit = this.entries.get(authorization);
    if (hit && hit.expiresAt > now) return hit.viewer;
    if (hit) this.entries.delete(authorization);
    const viewer = await this.tokens.viewerOf(authorization);
    const expiresAt = Math.min(now + this.maxAgeMs, expiryOf(authorization) ?? now);
    if (expiresAt > now) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      if (this.entries.size >= this.maxEntries)
        this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(authorization, { viewer, expiresAt });
    }
    return viewer;
  }
}

function expiryOf(authorization: string): number | undefined {
  try {
    const exp = decodeJwt(authorization.trim().replace(/^Bearer\s+/i, '')).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
