import type { EntityManager } from '@mikro-orm/core';
import type { UnitOfWork } from '../../../platform/database/unit';
import type { CategoryTotal } from '../domain/ranking';
import type { SpendingCategory } from '../domain/categories';
import { MerchantSpend } from './merchant-spend.entity';

/** Owns what offers learned of completed merchant payments, and the totals read from it. */
export class SpendingStore {
  constructor(private readonly unit: UnitOfWork) {}

  private get em(): EntityManager {
    return this.unit.em;
  }

  /** Records a payment once by its id; false when it was recorded already. */
  async add(spend: MerchantSpend): Promise<boolean> {
    if (await this.em.findOne(MerchantSpend, { paymentId: spend.paymentId })) return false;
    await this.em.persist(spend).flush();
    return true;
  }

  /** Per category and currency, what each account spent at or after `since`. */
  async totalsSince(accountIds: readonly string[], since: Date): Promise<Map<string, CategoryTotal[]>> {
    const rows = await this.em.find(MerchantSpend, {
      accountId: { $in: [...accountIds] },
      completedAt: { $gte: since },
    });
    const byAccount = new Map<string, MerchantSpend[]>(accountIds.map((id) => [id, []]));
    for (const row of rows) byAccount.get(row.accountId)?.push(row);
    return new Map([...byAccount].map(([accountId, spends]) => [accountId, totals(spends)]));
  }

  /** Per category and currency, what an account spent in a month. */
  async monthTotals(accountId: string, month: string): Promise<CategoryTotal[]> {
    return totals(await this.em.find(MerchantSpend, { accountId, month }));
  }

  /** What an account spent in one category and currency in a month, in minor units. */
  async monthSpent(
    accountId: string,
    category: SpendingCategory,
    currency: string,
    month: string,
  ): Promise<bigint> {
    const rows = await this.em.find(MerchantSpend, { accountId, category, currency, month });
    return rows.reduce((sum, row) => sum + row.amountMinor, 0n);
  }
}

function totals(spends: readonly MerchantSpend[]): CategoryTotal[] {
  const byKey = new Map<string, CategoryTotal>();
  for (const spend of spends) {
    const key = `${spend.category}:${spend.currency}`;
    const total = byKey.get(key) ?? {
      category: spend.category,
      currency: spend.currency,
      amountMinor: 0n,
      count: 0,
    };
    total.amountMinor += spend.amountMinor;
    total.count += 1;
    byKey.set(key, total);
  }
  return [...byKey.values()];
}
