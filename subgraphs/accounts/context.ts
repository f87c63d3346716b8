import { SIGNED_HEADERS } from '../../platform/auth';
import { requestContext, type RequestContext } from '../../platform/context';
import type { Database } from '../../platform/database';
import type { IncomingRequest } from '../../platform/http';
import type { ServiceDeps } from '../../platform/subgraph';
import { AccessPolicy } from './domain/access';
import { AccountsService } from './domain/accounts';
import type { AccountsEnv } from './domain/env';
import { FundingSourcesService } from './domain/funding-sources';
import { IdentityService } from './domain/identity';
import { MfaService } from './domain/mfa';
import { PartnersService } from './domain/partners';
import { SessionsService } from './domain/sessions';
import { createLoaders, type AccountsLoaders } from './loaders';
import { AccountsStores } from './store/stores';

/** The domain services of accounts, bound to one unit of work. */
export interface AccountsServices {
  identity: IdentityService;
  accounts: AccountsService;
  fundingSources: FundingSourcesService;
  mfa: MfaService;
  partners: PartnersService;
  sessions: SessionsService;
}

/** Binds every domain service to one unit of work's stores. */
export function accountsServices(stores: AccountsStores, env: AccountsEnv): AccountsServices {
  return {
    identity: new IdentityService(stores, env),
    accounts: new AccountsService(stores, env),
    fundingSources: new FundingSourcesService(stores, env),
    mfa: new MfaService(stores, env),
    partners: new PartnersService(stores, env),
    sessions: new SessionsService(stores, env),
  };
}

/** What the accounts resolvers receive: the platform's context plus loaders, access rules and services. */
export interface AccountsContext extends RequestContext {
  /** The client's address as forwarded by the gateway; absent when called directly. */
  clientAddress?: string;
  loaders: AccountsLoaders;
  access: AccessPolicy;
  services: AccountsServices;
}

/** Builds the context of one request: its own unit of work, loaders and services. */
export async function accountsContext(
  request: IncomingRequest,
  deps: ServiceDeps,
  database: Database,
  env: AccountsEnv,
): Promise<AccountsContext> {
  const unit = database.unit();
  const base = await requestContext(request, deps, () => unit.em);
  const stores = new AccountsStores(unit, database.dialect);
  const loaders = createLoaders(stores);
  const forwarded = request.headers[SIGNED_HEADERS.clientIp];
  const clientAddress =
    (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.trim().slice(0, 100) || undefined;
  return Object.assign(base, {
    clientAddress,
    loaders,
    access: new AccessPolicy(base.viewer, (partnerAppId, accountId) =>
      loaders.consentScopes.load(`${partnerAppId}:${accountId}`),
    ),
    services: accountsServices(stores, env),
  });
}
