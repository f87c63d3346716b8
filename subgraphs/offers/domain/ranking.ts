import type { SpendingCategory } from './categories';

/** How much an account spent in one category and currency over a period. */
export interface CategoryTotal {
  category: SpendingCategory;
  currency: string;
  amountMinor: bigint;
  count: number;
}

/** What ranking needs of an offer. */
export interface RankableOffer {
  id: string;
  category: SpendingCategory;
  /** How many customers activated it. */
  activations: number;
  cashbackRate: string;
}

/** How many offers an account sees unless it asks for more; its activated offers always show. */
export const DEFAULT_OFFERS_SHOWN = 10;

/**
 * Each category's share of an account's spending, between 0 and 1. Amounts in different
 * currencies cannot be added, so a category's share within each currency is weighted by that
 * currency's share of the payments.
 */
export function spendShares(totals: readonly CategoryTotal[]): Map<SpendingCategory, number> {
  const byCurrency = new Map<string, { amountMinor: bigint; count: number }>();
  let payments = 0;
  for (const total of totals) {
    const sum = byCurrency.get(total.currency) ?? { amountMinor: 0n, count: 0 };
    byCurrency.set(total.currency, {
      amountMinor: sum.amountMinor + total.amountMinor,
      count: sum.count + total.count,
    });
    payments += total.count;
  }
  const shares = new Map<SpendingCategory, number>();
  for (const total of totals) {
    const currency = byCurrency.get(total.currency)!;
    if (currency.amountMinor <= 0n || payments === 0) continue;
    // Ratios of bigints in parts per million: exact enough to order by, and never money.
    const share = Number((total.amountMinor * 1_000_000n) / currency.amountMinor) / 1_000_000;
    const weight = currency.count / payments;
    shares.set(total.category, (shares.get(total.category) ?? 0) + share * weight);
  }
  return shares;
}

/**
 * Orders offers for one account: categories with the larger share of its spending first, then
 * the most popular (most activated), then the richer rate. The first `limit` are shown, and so
 * is every offer the account activated, wherever it ranks. With no spending at all this is the
 * catalogue by popularity.
 */
export function rankOffers<T extends RankableOffer>(
  offers: readonly T[],
  shares: ReadonlyMap<SpendingCategory, number>,
  activated: ReadonlySet<string>,
  limit = DEFAULT_OFFERS_SHOWN,
): T[] {
  const ranked = [...offers].sort(
    (a, b) =>
      (shares.get(b.category) ?? 0) - (shares.get(a.category) ?? 0) ||
      b.activations - a.activations ||
      Number(b.cashbackRate) - Number(a.cashbackRate) ||
      a.id.localeCompare(b.id),
  );
  return ranked.filter((offer, index) => index < limit || activated.has(offer.id));
}
