import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from './auth';
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

/** Verifies the caller's token itself (a subgraph trusts no header it cannot verify). */
export async function requestContext(
  request: IncomingRequest,
  deps: ServiceDeps,
  em: EntityManager,
): Promise<RequestContext> {
  const viewer = await deps.tokens.viewerOf(request.authorization);
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
