import type { Bus } from '../../platform/bus';
import { requestContext, type RequestContext } from '../../platform/context';
import type { IncomingRequest } from '../../platform/http';
import type { ServiceDeps } from '../../platform/subgraph';
import { AccessPolicy } from './domain/access';
import type { AlertService } from './domain/alerts';
import type { BlockListService } from './domain/block-lists';
import type { ReportService } from './domain/reports';
import type { ShadowService } from './domain/shadow';
import { createLoaders, type RiskLoaders } from './loaders';
import type { RiskStore } from './store/risk-store';

/** The long-lived services of the risk subgraph, built once at start. */
export interface RiskServices {
  bus: Bus;
  store: RiskStore;
  alerts: AlertService;
  blockLists: BlockListService;
  reports: ReportService;
  shadow: ShadowService;
}

/** What the risk resolvers receive: the platform's context plus loaders, access rule and services. */
export interface RiskContext extends RequestContext {
  loaders: RiskLoaders;
  access: AccessPolicy;
  services: RiskServices;
}

/** Builds the context of one request. */
export async function riskContext(
  request: IncomingRequest,
  deps: ServiceDeps,
  services: RiskServices,
  fork: () => RequestContext['em'],
): Promise<RiskContext> {
  const base = await requestContext(request, deps, fork);
  const loaders = createLoaders(services.store, services.bus, base);
  const access = new AccessPolicy(base.viewer, (partnerAppId, accountId) =>
    loaders.consentScopes.load(`${partnerAppId}:${accountId}`),
  );
  return Object.assign(base, { loaders, access, services });
}
