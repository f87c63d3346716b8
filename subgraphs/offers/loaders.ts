import DataLoader from 'dataloader';
import type { Bus } from '../../platform/bus';
import { isId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { AccountCommands } from '../accounts/contract';
import { rewardsOf, type RewardsStanding } from './domain/rewards';
import type { BudgetAlert } from './store/budget-alert.entity';
import type { Budget } from './store/budget.entity';
import type { Cashback } from './store/cashback.entity';
import type { Offer } from './store/offer.entity';
import type { OffersStores } from './store/stores';

/** The DataLoaders of one request: every reference and per-parent list is batched through them. */
export interface OffersLoaders {
  offerById: DataLoader<string, Offer | null>;
  /** The offer ids each account activated. */
  activatedByAccount: DataLoader<string, ReadonlySet<string>>;
  /** The cashback earned on each payment (any status). */
  cashbackByPayment: DataLoader<string, Cashback[]>;
  rewardsByAccount: DataLoader<string, RewardsStanding>;
  budgetById: DataLoader<string, Budget | null>;
  alertById: DataLoader<string, BudgetAlert | null>;
  /** The scopes an account granted a partner app, keyed `partnerAppId:accountId` (asked of accounts). */
  consentScopes: DataLoader<string, readonly string[]>;
}

function byId<T extends { id: string }>(load: (ids: string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = ids.filter(isId);
    const rows = valid.length ? await load(valid) : [];
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** Builds the loaders for one request over its stores. */
export function createLoaders(
  stores: OffersStores,
  bus: Bus,
  request: { readonly logger: Logger },
): OffersLoaders {
  return {
    offerById: byId((ids) => stores.catalogue.offers(ids)),
    activatedByAccount: new DataLoader(async (accountIds) => {
      const activated = await stores.catalogue.activatedBy(accountIds);
      return accountIds.map((id) => activated.get(id) ?? new Set<string>());
    }),
    cashbackByPayment: new DataLoader(async (paymentIds) => {
      const cashback = await stores.rewards.cashbackOn(paymentIds.filter(isId));
      return paymentIds.map((id) => cashback.get(id) ?? []);
    }),
    rewardsByAccount: new DataLoader((accountIds) => rewardsOf(accountIds, stores)),
    budgetById: byId((ids) => stores.budgets.budgets(ids)),
    alertById: byId((ids) => stores.budgets.alerts(ids)),
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
