import { Money } from '../../../platform/money';
import type { OffersStores } from '../store/stores';

/** An account's rewards: its points balance and the cashback credited to it, per currency. */
export interface RewardsStanding {
  points: bigint;
  cashbackEarned: Money[];
}

/** Each account's rewards, batched. */
export async function rewardsOf(
  accountIds: readonly string[],
  stores: OffersStores,
): Promise<RewardsStanding[]> {
  const points = await stores.rewards.pointsOf(accountIds);
  const cashback = await stores.rewards.cashbackOf(accountIds, 'CREDITED');
  return accountIds.map((accountId) => {
    const byCurrency = new Map<string, Money>();
    for (const row of cashback.get(accountId) ?? []) {
      const sum = byCurrency.get(row.currency) ?? Money.zero(row.currency);
      byCurrency.set(row.currency, sum.plus(Money.ofMinor(row.amountMinor, row.currency)));
    }
    const earned = [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
    return { points: points.get(accountId) ?? 0n, cashbackEarned: earned };
  });
}
