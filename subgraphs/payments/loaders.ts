import DataLoader from 'dataloader';
import type { Bus } from '../../platform/bus';
import { isId } from '../../platform/ids';
import type { Payment } from './entities/payment.entity';
import type { AccessLookups } from './domain/payment-queries';
import type { PaymentStore } from './domain/payment-store';
import { GetWallet, PartnerAccess, type WalletInfo } from './events';

/** The DataLoaders of one request: payments by id (references), wallets and partner consents over the bus. */
export interface PaymentsLoaders extends AccessLookups {
  paymentById: DataLoader<string, Payment | null>;
  walletById: DataLoader<string, WalletInfo>;
  /** Scopes granted, keyed by `partnerAppId:accountId`. */
  partnerScopesByKey: DataLoader<string, string[]>;
}

/** Builds the loaders of one request. */
export function createLoaders(store: PaymentStore, bus: Bus): PaymentsLoaders {
  const paymentById = new DataLoader<string, Payment | null>(async (ids) => {
    const valid = ids.filter(isId);
    const rows = valid.length ? await store.findByIds(valid) : [];
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
  // The bus answers one wallet per command; the loader still collapses repeats within a request.
  const walletById = new DataLoader<string, WalletInfo>((ids) =>
    Promise.all(ids.map((walletId) => bus.request(GetWallet, { walletId }).catch((error: Error) => error))),
  );
  const partnerScopesByKey = new DataLoader<string, string[]>((keys) =>
    Promise.all(
      keys.map((key) => {
        const [partnerAppId, accountId] = key.split(':');
        return bus.request(PartnerAccess, { partnerAppId, accountId }).then(
          (reply) => reply.scopes,
          (error: Error) => error,
        );
      }),
    ),
  );
  return {
    paymentById,
    walletById,
    partnerScopesByKey,
    payment: (paymentId) => paymentById.load(paymentId),
    wallet: (walletId) => walletById.load(walletId),
    partnerScopes: (partnerAppId, accountId) => partnerScopesByKey.load(`${partnerAppId}:${accountId}`),
  };
}
