import type { EntityManager } from '@mikro-orm/core';
import { VerifiedTokenCache, type Tokens, type Viewer } from './auth';
import type { IncomingRequest } from './http';
import type { Logger } from './logger';
import type { ServiceDeps } from './subgraph';

/** What every subgraph resolver receives: who is asking, a unit of work, and a logger. */
export interface RequestContext {
  viewer: Viewer;
  requestId: string;
  logger: Logger;
  /** A fork of the subgraph's EntityManager: its own identity map for this request only. */
  em: EntityManager;
}

/** One cache of verified tokens per key pair: the services of a process share it. */
const verifiedTokens = new WeakMap<Tokens, VerifiedTokenCache>();

/**
 * Verifies the caller's token itself (a subgraph trusts no header it cannot verify); a token
 * this process has verified before is taken from the cache until it expires.
 */
export async function requestContext(
  request: IncomingRequest,
  deps: ServiceDeps,
  em: EntityManager,
): Promise<RequestContext> {
  let tokens = verifiedTokens.get(deps.tokens);
  if (!tokens) {
    tokens = new VerifiedTokenCache(deps.tokens);
    verifiedTokens.set(deps.tokens, tokens);
  }
  const viewer = await tokens.viewerOf(request.authorization);
  const actor =
    viewer.kind === 'account'
      ? viewer.accountId
      : viewer.kind === 'partner'
        ? viewer.partnerAppId
        : undefined;
  return {
    viewer,
    requestId: request.requestId,
    logger: deps.logger.child({ requestId: request.requestId, ...(actor ? { actor } : {}) }),
    em,
  };
}
