import type { RequestContext } from '../../../platform/context';
import type { WalletService } from '../domain/wallets';
import type { WalletLoaders } from '../loaders';
import type { LedgerAccount } from '../entities';
import { mayReadAccount } from '../domain/access';

/** What the wallets resolvers receive: the platform's request context, its loaders and services. */
export interface WalletsContext extends RequestContext {
  loaders: WalletLoaders;
  wallets: WalletService;
}

/** Whether the caller may see an account's wallets; partner consent is asked once per request. */
export function mayRead(context: WalletsContext, accountId: string): Promise<boolean> {
  return mayReadAccount(context.viewer, accountId, (partnerAppId, id) =>
    context.loaders.partnerConsent.load(`${partnerAppId}:${id}`),
  );
}

/** A wallet by id if the caller may see it; null for a malformed id, a missing wallet or someone else's. */
export async function visibleWallet(context: WalletsContext, id: string): Promise<LedgerAccount | null> {
  const wallet = await context.loaders.walletById.load(id);
  if (!wallet?.accountId) return null;
  return (await mayRead(context, wallet.accountId)) ? wallet : null;
}
