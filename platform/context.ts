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

/** The parts of a request context made on first use, shared by the context and its copies. */
class LazyParts {
  logger?: Logger;
  em?: EntityManager;

  constructor(
    readonly makeLogger: () => Logger,
    readonly makeEm: () => EntityManager,
  ) {}
}

/**
 * A request's context whose logger and unit of work are made on first use. The getters live on
 * the class (Apollo Server copies a context's own properties for each operation, which would run
 * getters of the object itself), and the parts they make are held by an own property that the
 * copy shares.
 */
class PlatformContext implements RequestContext {
  constructor(
    readonly viewer: Viewer,
    readonly token: VerifiedToken | undefined,
    readonly requestId: string,
    readonly event: SubscriptionEvent | undefined,
    private readonly lazy: LazyParts,
  ) {}

  get logger(): Logger {
    return (this.lazy.logger ??= this.lazy.makeLogger());
  }

  get em(): EntityManager {
    return (this.lazy.em ??= this.lazy.makeEm());
  }
}

/**
 * Verifies the caller's token itself (a subgraph trusts no header it cannot verify); a token
 * this process has verified before is taken from the cache until it expires, and a revoked one
 * is UNAUTHENTICATED either way. The request's logger and unit of work (`em`: an
 * EntityManager, or a function that forks one) are made when first used: most calls to a
 * subgraph log nothing, and many read through prepared statements alone. Subgraphs add their
 * own parts with Object.assign, which keeps them lazy (a spread would make them at once).
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
  const lazy = new LazyParts(
    () => deps.logger.child({ requestId: request.requestId, ...(actor ? { actor } : {}) }),
    typeof em === 'function' ? em : () => em,
  );
  return new PlatformContext(
    viewer,
    token,
    request.requestId,
    readSubscriptionEvent(request.extensions),
    lazy,
  );
}
