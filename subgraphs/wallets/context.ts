import type { Bus } from '../../platform/bus';
import { requestContext, type RequestContext } from '../../platform/context';
import type { Database } from '../../platform/database';
import type { IncomingRequest } from '../../platform/http';
import type { ServiceDeps } from '../../platform/subgraph';
import { AccessPolicy } from './domain/access';
import type { WalletService } from './domain/wallets';
import { createLoaders, type WalletLoaders } from './loaders';
import type { LedgerAccount } from './store/ledger-account.entity';
import { WalletStore } from './store/wallet-store';

/** What the wallets resolvers receive: the platform's request context, its store, loaders and services. */
export interface WalletsContext extends RequestContext {
  store: WalletStore;
  loaders: WalletLoaders;
  access: AccessPolicy;
  wallets: WalletService;
}

/** Builds the context of one request: its own unit of work, loaders and access rule. */
export async function walletsContext(
  request: IncomingRequest,
  deps: ServiceDeps,
  database: Database,
  bus: Bus,
  wallets: WalletService,
): Promise<WalletsContext> {
  const unit = database.unit();
  const base = await requestContext(request, deps, () => unit.em);
  const store = new WalletStore(unit, database.dialect);
  const loaders = createLoaders(store, bus, base);
  const access = new AccessPolicy(base.viewer, (partnerAppId, accountId) =>
    loaders.consentScopes.load(`${partnerAppId}:${accountId}`),
  );
  return Object.assign(base, { store, loaders, access, wallets });
}

/** A wallet by id if the caller may see it; null for a malformed id, a missing wallet or someone else's. */
export async function visibleWallet(context: WalletsContext, id: string): Promise<LedgerAccount | null> {
  const wallet = await context.loaders.walletById.load(id);
  if (!wallet?.accountId) return null;
  return (await context.access.canReadAccount(wallet.accountId)) ? wallet : null;
}
