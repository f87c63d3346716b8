import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/core';
import type { Bus } from '../../platform/bus';
import type { Logger } from '../../platform/logger';
import { LedgerAccount } from './entities';
import { partnerAccess } from './events';
import { READ_SCOPE } from './domain/access';

/** The DataLoaders of one request: every reference and per-parent list is batched through them. */
export interface WalletLoaders {
  /** Wallets by id (null when there is none); system accounts are never wallets. */
  walletById: DataLoader<string, LedgerAccount | null>;
  /** Every wallet of an account, oldest first. */
  walletsByAccount: DataLoader<string, LedgerAccount[]>;
  /** Whether a partner app holds `accounts:read` consent for an account, keyed `appId:accountId`. */
  partnerConsent: DataLoader<string, boolean>;
}

/** Builds the loaders for one request over its EntityManager. */
export function createLoaders(em: EntityManager, bus: Bus, logger: Logger): WalletLoaders {
  return {
    walletById: new DataLoader(async (ids) => {
      const wallets = await em.find(LedgerAccount, { id: { $in: [...ids] }, kind: 'WALLET' });
      const byId = new Map(wallets.map((wallet) => [wallet.id, wallet]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    walletsByAccount: new DataLoader(async (accountIds) => {
      const wallets = await em.find(
        LedgerAccount,
        { accountId: { $in: [...accountIds] }, kind: 'WALLET' },
        { orderBy: { createdAt: 'asc', id: 'asc' } },
      );
      return accountIds.map((accountId) => wallets.filter((wallet) => wallet.accountId === accountId));
    }),
    partnerConsent: new DataLoader(async (keys) =>
      Promise.all(
        keys.map(async (key) => {
          const [partnerAppId, accountId] = key.split(':');
          try {
            const { scopes } = await bus.request(partnerAccess, { partnerAppId, accountId });
            return scopes.includes(READ_SCOPE);
          } catch (error) {
            // Without an answer from accounts there is no proof of consent: show nothing.
            logger.warn({ err: error, partnerAppId }, 'partner consent check failed');
            return false;
          }
        }),
      ),
    ),
  };
}
