import DataLoader from 'dataloader';
import type { Bus } from '../../platform/bus';
import { isId } from '../../platform/ids';
import { AccountCommands } from '../accounts/contract';
import type { PaymentLookups } from './domain/queries';
import type { Payment } from './store/payment.entity';
import type { PaymentStore } from './store/payment-store';

/** The DataLoaders of one request: payments by id (references) and partner consents over the bus. */
export interface PaymentsLoaders extends PaymentLookups {
  paymentById: DataLoader<string, Payment | null>;
  /** Scopes granted, keyed by `partnerAppId:accountId`. */
  consentScopes: DataLoader<string, readonly string[]>;
}

/** Builds the loaders of one request. */
export function createLoaders(store: PaymentStore, bus: Bus): PaymentsLoaders {
  const paymentById = new DataLoader<string, Payment | null>(async (ids) => {
    const valid = ids.filter(isId);
    const rows = valid.length ? await store.findByIds(valid) : [];
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
  const consentScopes = new DataLoader<string, readonly string[]>((keys) =>
    Promise.all(
      keys.map((key) => {
        const [partnerAppId, accountId] = key.split(':');
        return bus.request(AccountCommands.partnerAccess, { partnerAppId, accountId }).then(
          (reply) => reply.scopes,
          (error: Error) => error,
        );
      }),
    ),
  );
  return {
    paymentById,
    consentScopes,
    payment: (paymentId) => paymentById.load(paymentId),
  };
}
