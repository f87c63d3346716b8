import type { Bus } from '../../platform/bus';
import { requestContext, type RequestContext } from '../../platform/context';
import type { IncomingRequest } from '../../platform/http';
import type { ServiceDeps } from '../../platform/subgraph';
import { AccessPolicy } from './domain/access';
import type { PaymentService } from './domain/payment-service';
import type { PaymentQueries } from './domain/queries';
import type { VerificationService } from './domain/verification';
import { createLoaders, type PaymentsLoaders } from './loaders';
import type { PaymentStore } from './store/payment-store';

/** The long-lived services of the payments subgraph, built once at start. */
export interface PaymentsServices {
  bus: Bus;
  store: PaymentStore;
  payments: PaymentService;
  verification: VerificationService;
  queries: PaymentQueries;
}

/** What the payments resolvers receive: the platform's context plus loaders, access rule and services. */
export interface PaymentsContext extends RequestContext {
  loaders: PaymentsLoaders;
  access: AccessPolicy;
  services: PaymentsServices;
}

/** Builds the context of one request. */
export async function paymentsContext(
  request: IncomingRequest,
  deps: ServiceDeps,
  services: PaymentsServices,
  fork: () => RequestContext['em'],
): Promise<PaymentsContext> {
  const base = await requestContext(request, deps, fork);
  const loaders = createLoaders(services.store, services.bus);
  const access = new AccessPolicy(base.viewer, (partnerAppId, accountId) =>
    loaders.consentScopes.load(`${partnerAppId}:${accountId}`),
  );
  return Object.assign(base, { loaders, access, services });
}
