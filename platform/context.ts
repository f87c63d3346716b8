import type { EntityManager } from '@mikro-orm/core';
import { ANONYMOUS, VerifiedTokenCache, type Tokens, type VerifiedToken, type Viewer } from './auth';
import type { IncomingRequest } from './http';
import { readSubscriptionEvent, type SubscriptionEvent } from './graphql/subscription-event';
import type { Logger } from './logger';
import type { ServiceDeps } from './subgraph';

/** What every subgraph resolver receives: who is asking, a unit of work, and a logger. */
export interface RequestContext {
  viewer: Viewer;
  /** The caller's verified token (its id, issue and expiry), absent for an anonymous caller. */
  token?: VerifiedToken;
  requestId: string;
  logger: Logger;
  /** A fork of the subgraph's EntityManager: its own identity map for this request only. */
  em: EntityManager;
  /** The event a subscription field answers from, sent by the gateway (see subscription-event.ts). */
  event?: SubscriptionEvent;
}

/** One cache of verified tokens per key pair: the services of a process share it. */
const verifiedTokens = new WeakMap<Tokens, VerifiedTokenCache>();

/**
 * Verifies the caller's token itself (a subgraph trusts no header it cannot verify); a token
 * this process has verified before is taken from the cache until it expires, and a revoked one
 * is UNAUTHENTICATED either way. The request's logger and unit of work (`em`: an
 * EntityManager, or a function that forks one) are made when first used: most calls to a
 * subgraph log nothing, and many read through prepared statements alone. Subgraphs add their
 * own parts with Object.assign, which keeps these lazy (a spread would make them at once).
 */
export async function requestContext(
  request: IncomingRequest,
  deps: ServiceDeps,
  em: EntityManager | (() => EntityManager),
): Promise<RequestContext> {
  let tokens = verifiedTokens.get(deps.tokens);
  if (!tokens) {
    tokens = new VerifiedTokenCache(deps.tokens, deps.revocations);
    verifiedTokens.set(deps.tokens, tokens);
  }
  const token = (await tokens.tokenOf(request.authorization)) ?? undefined;
  const viewer: Viewer = token?.viewer ?? ANONYMOUS;
  const actor =
    viewer.kind === 'account'
      ? viewer.accountId
      : viewer.kind === 'partner'
        ? viewer.partnerAppId
        : undefined;
  let logger: Logger | undefined;
  let unitOfWork = typeof em === 'function' ? undefined : em;
  return {
    viewer,
    token,
    requestId: request.requestId,
    get logger() {
      return (logger ??= deps.logger.child({ requestId: request.requestId, ...(actor ? { actor } : {}) }));
    },
    get em() {
      return (unitOfWork ??= (em as () => EntityManager)());
    },
    event: readSubscriptionEvent(request.extensions),
  };
}
