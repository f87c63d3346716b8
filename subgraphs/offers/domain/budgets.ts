import type { Bus } from '../../../platform/bus';
import { requireAccount, type Viewer } from '../../../platform/auth';
import type { Clock } from '../../../platform/clock';
import { BadInput } from '../../../platform/errors';
import { Money, parseCurrency } from '../../../platform/money';
import { WalletCommands } from '../../wallets/contract';
import type { BudgetAlert } from '../store/budget-alert.entity';
import { Budget } from '../store/budget.entity';
import type { OffersStores } from '../store/stores';
import { parseCategory, type SpendingCategory } from './categories';
import { monthOf, parseMonth } from './months';

/** A budget with what its month's payments add up to so far. */
export interface BudgetStanding {
  budget: Budget;
  month: string;
  spent: Money;
}

/** One category's spending in one currency over a month, with its budget if there is one. */
export interface CategorySpending {
  category: SpendingCategory;
  amount: Money;
  count: number;
  budget: Money | null;
}

/** What a customer sends to set a budget. */
export interface SetBudgetRequest {
  category: string;
  limit: { amount: string; currency: string };
}

/** Budgets and spending insights, from the merchant payments offers has learned of. */
export class Budgets {
  constructor(private readonly deps: { bus: Bus; clock: Clock; newId: () => string }) {}

  /**
   * Sets the caller's monthly budget for a category in one of their wallets' currencies. A
   * limit must be more than zero; a currency they hold no wallet in is BAD_USER_INPUT.
   */
  async set(viewer: Viewer, request: SetBudgetRequest, stores: OffersStores): Promise<BudgetStanding> {
    const accountId = requireAccount(viewer);
    const category = parseCategory(request.category, 'input.category');
    const currency = parseCurrency(request.limit.currency, 'input.limit.currency');
    const limit = Money.parse(request.limit.amount, currency, 'input.limit.amount');
    if (limit.minor <= 0n) throw new BadInput('A budget must be more than zero', 'input.limit.amount');
    const { wallets } = await this.deps.bus.request(WalletCommands.walletsOf, { accountId });
    if (!wallets.some((wallet) => wallet.currency === limit.currency)) {
      throw new BadInput(`You have no ${limit.currency} wallet to budget in`, 'input.limit.currency');
    }
    const now = this.deps.clock();
    const budget = await stores.budgets.upsert(
      Object.assign(new Budget(), {
        id: this.deps.newId(),
        accountId,
        category,
        currency: limit.currency,
        limitMinor: limit.minor,
        createdAt: now,
        updatedAt: now,
      }),
    );
    return this.standing(budget, monthOf(now), stores);
  }

  /** An account's budgets with this month's spending against each. */
  async of(accountId: string, stores: OffersStores): Promise<BudgetStanding[]> {
    const budgets = (await stores.budgets.budgetsOf([accountId])).get(accountId)!;
    const month = monthOf(this.deps.clock());
    return Promise.all(budgets.map((budget) => this.standing(budget, month, stores)));
  }

  /** A budget with the current month's spending. */
  current(budget: Budget, stores: OffersStores): Promise<BudgetStanding> {
    return this.standing(budget, monthOf(this.deps.clock()), stores);
  }

  /** What a budget's month's spending is now. */
  async standing(budget: Budget, month: string, stores: OffersStores): Promise<BudgetStanding> {
    const spent = await stores.spending.monthSpent(budget.accountId, budget.category, budget.currency, month);
    return { budget, month, spent: Money.ofMinor(spent, budget.currency) };
  }

  /**
   * An account's spending per category and currency in a month (default: this month), with the
   * budget of each; a budgeted category with no spending shows at zero.
   */
  async insights(
    accountId: string,
    month: string | null | undefined,
    stores: OffersStores,
  ): Promise<CategorySpending[]> {
    const parsed = parseMonth(month, this.deps.clock());
    const totals = await stores.spending.monthTotals(accountId, parsed);
    const budgets = (await stores.budgets.budgetsOf([accountId])).get(accountId)!;
    const key = (category: string, currency: string) => `${category}:${currency}`;
    const limits = new Map(budgets.map((budget) => [key(budget.category, budget.currency), budget]));
    const rows: CategorySpending[] = totals.map((total) => {
      const budget = limits.get(key(total.category, total.currency));
      return {
        category: total.category,
        amount: Money.ofMinor(total.amountMinor, total.currency),
        count: total.count,
        budget: budget ? Money.ofMinor(budget.limitMinor, budget.currency) : null,
      };
    });
    const seen = new Set(totals.map((total) => key(total.category, total.currency)));
    for (const budget of budgets) {
      if (seen.has(key(budget.category, budget.currency))) continue;
      rows.push({
        category: budget.category,
        amount: Money.zero(budget.currency),
        count: 0,
        budget: Money.ofMinor(budget.limitMinor, budget.currency),
      });
    }
    // Within a currency the larger amount first; amounts in two currencies are not compared.
    return rows.sort(
      (a, b) =>
        (b.amount.currency === a.amount.currency ? b.amount.compare(a.amount) : 0) ||
        a.category.localeCompare(b.category) ||
        a.amount.currency.localeCompare(b.amount.currency),
    );
  }

  /** An account's budget alerts, newest first, of one month (`YYYY-MM`) or all. */
  alerts(accountId: string, month: string | null | undefined, stores: OffersStores): Promise<BudgetAlert[]> {
    const only = month == null ? undefined : parseMonth(month, this.deps.clock());
    return stores.budgets.alertsOf(accountId, only);
  }
}
