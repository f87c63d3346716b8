import type { Bus } from '../../platform/bus';
import { requestContext, type RequestContext } from '../../platform/context';
import type { IncomingRequest } from '../../platform/http';
import type { ServiceDeps } from '../../platform/subgraph';
import type { PaymentQueries } from './domain/payment-queries';
import type { PaymentService } from './domain/payment-service';
import type { PaymentStore } from './domain/payment-store';
import { createLoaders, type PaymentsLoaders } from './loaders';

/** The long-lived services of the payments subgraph, built once at start. */
export interface PaymentsServices {
  bus: Bus;
  store: PaymentStore;
  payments: PaymentService;
  queries: PaymentQueries;
}

/** What the payments resolvers receive: the platform's context plus loaders and services. */
export interface PaymentsContext extends RequestContext {
  loaders: PaymentsLoaders;
  services: PaymentsServices;
}

/** Builds the context of one request. */
export async function paymentsContext(
  request: IncomingRequest,
  deps: ServiceDeps,
  services: PaymentsServices,
  fork: () => RequestContext['em'],
): Promise<PaymentsContext> {
  const base = await requestContext(request, deps, fork());
  return { ...base, loaders: createLoaders(services.store, services.bus), services };
}
