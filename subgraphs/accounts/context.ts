import type { EntityManager } from '@mikro-orm/core';
import { requestContext, type RequestContext } from '../../platform/context';
import type { IncomingRequest } from '../../platform/http';
import type { ServiceDeps } from '../../platform/subgraph';
import { AccessPolicy } from './domain/access';
import { AccountsService } from './domain/accounts.service';
import type { AccountsEnv } from './domain/env';
import { FundingSourcesService } from './domain/funding-sources.service';
import { IdentityService } from './domain/identity.service';
import { MfaService } from './domain/mfa.service';
import { PartnersService } from './domain/partners.service';
import { createLoaders, type AccountsLoaders } from './loaders';

/** The header in which the gateway forwards the client's address, for the sign-in throttle. */
export const CLIENT_IP_HEADER = 'x-client-ip';

/** The domain services of accounts, bound to one unit of work. */
export interface AccountsServices {
  identity: IdentityService;
  accounts: AccountsService;
  fundingSources: FundingSourcesService;
  mfa: MfaService;
  partners: PartnersService;
}

/** Binds every domain service to an EntityManager. */
export function accountsServices(em: EntityManager, env: AccountsEnv): AccountsServices {
  return {
    identity: new IdentityService(em, env),
    accounts: new AccountsService(em, env),
    fundingSources: new FundingSourcesService(em, env),
    mfa: new MfaService(em, env),
    partners: new PartnersService(em, env),
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

/** Builds the context of one request. */
export async function accountsContext(
  request: IncomingRequest,
  deps: ServiceDeps,
  em: EntityManager,
  env: AccountsEnv,
): Promise<AccountsContext> {
  const base = await requestContext(request, deps, em);
  const loaders = createLoaders(em);
  const forwarded = request.headers[CLIENT_IP_HEADER];
  const clientAddress =
    (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.trim().slice(0, 100) || undefined;
  return {
    ...base,
    clientAddress,
    loaders,
    access: new AccessPolicy(base.viewer, (partnerAppId, accountId) =>
      loaders.consentScopes.load(`${partnerAppId}:${accountId}`),
    ),
    services: accountsServices(em, env),
  };
}
