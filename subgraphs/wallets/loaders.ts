import DataLoader from 'dataloader';
import type { Bus } from '../../platform/bus';
import { isId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { AccountCommands } from '../accounts/contract';
import type { LedgerAccount } from './store/ledger-account.entity';
import type { WalletStore } from './store/wallet-store';

/** The DataLoaders of one request: every reference and per-parent list is batched through them. */
export interface WalletLoaders {
  /** Wallets by id (null when there is none); system accounts are never wallets. */
  walletById: DataLoader<string, LedgerAccount | null>;
  /** Every wallet of an account, oldest first. */
  walletsByAccount: DataLoader<string, LedgerAccount[]>;
  /** The scopes an account granted a partner app, keyed `partnerAppId:accountId` (asked of accounts). */
  consentScopes: DataLoader<string, readonly string[]>;
}

/** Builds the loaders for one request over its store. */
export function createLoaders(
  store: WalletStore,
  bus: Bus,
  request: { readonly logger: Logger },
): WalletLoaders {
  return {
    walletById: new DataLoader(async (ids) => {
      const valid = ids.filter(isId);
      const wallets = valid.length ? await store.wallets(valid) : [];
      const byId = new Map(wallets.map((wallet) => [wallet.id, wallet]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    walletsByAccount: new DataLoader(async (accountIds) => {
      const wallets = await store.walletsOf(accountIds);
      return accountIds.map((accountId) => wallets.filter((wallet) => wallet.accountId === accountId));
    }),
    consentScopes: new DataLoader((keys) =>
      Promise.all(
        keys.map(async (key) => {
          const [partnerAppId, accountId] = key.split(':');
          try {
            return (await bus.request(AccountCommands.partnerAccess, { partnerAppId, accountId })).scopes;
          } catch (error) {
            // Without an answer from accounts there is no proof of consent: show nothing.
            request.logger.warn({ err: error, partnerAppId }, 'partner consent check failed');
            return [];
          }
        }),
      ),
    ),
  };
}
