import type { Bus } from '../../platform/bus';
import { requestContext, type RequestContext } from '../../platform/context';
import type { Database } from '../../platform/database';
import type { IncomingRequest } from '../../platform/http';
import type { ServiceDeps } from '../../platform/subgraph';
import { AccessPolicy, PaymentAccessPolicy } from './domain/access';
import type { Budgets } from './domain/budgets';
import type { OffersCatalogue } from './domain/offers';
import type { Redemptions } from './domain/redemptions';
import { createLoaders, type OffersLoaders } from './loaders';
import { storesOn, type OffersStores } from './store/stores';

/** The long-lived services of the offers subgraph, built once at start. */
export interface OffersServices {
  bus: Bus;
  catalogue: OffersCatalogue;
  budgets: Budgets;
  redemptions: Redemptions;
}

/** What the offers resolvers receive: the platform's context plus stores, loaders, access rule and services. */
export interface OffersContext extends RequestContext {
  stores: OffersStores;
  loaders: OffersLoaders;
  access: AccessPolicy;
  /** The same rule for what a payment earned, under the `payments:read` scope. */
  paymentAccess: PaymentAccessPolicy;
  services: OffersServices;
}

/** Builds the context of one request: its own unit of work, loaders and access rule. */
export async function offersContext(
  request: IncomingRequest,
  deps: ServiceDeps,
  database: Database,
  services: OffersServices,
): Promise<OffersContext> {
  const unit = database.unit();
  const base = await requestContext(request, deps, () => unit.em);
  const stores = storesOn(unit, database.dialect);
  const loaders = createLoaders(stores, services.bus, base);
  const consent = (partnerAppId: string, accountId: string) =>
    loaders.consentScopes.load(`${partnerAppId}:${accountId}`);
  const access = new AccessPolicy(base.viewer, consent);
  const paymentAccess = new PaymentAccessPolicy(base.viewer, consent);
  return Object.assign(base, { stores, loaders, access, paymentAccess, services });
}
