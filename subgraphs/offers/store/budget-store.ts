import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { UnitOfWork } from '../../../platform/database/unit';
import type { Dialect } from '../../../platform/database';
import type { SpendingCategory } from '../domain/categories';
import { BudgetAlert } from './budget-alert.entity';
import { Budget } from './budget.entity';
import { forUpdate } from './locks';

/** Owns budgets and the alerts they raised: one alert per budget, month and threshold. */
export class BudgetStore {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly dialect: Dialect,
  ) {}

  private get em(): EntityManager {
    return this.unit.em;
  }

  budgets(ids: readonly string[]): Promise<Budget[]> {
    return this.em.find(Budget, { id: { $in: [...ids] } });
  }

  /** Each account's budgets, by category then currency. */
  async budgetsOf(accountIds: readonly string[]): Promise<Map<string, Budget[]>> {
    const rows = await this.em.find(
      Budget,
      { accountId: { $in: [...accountIds] } },
      { orderBy: { category: 'asc', currency: 'asc' } },
    );
    const byAccount = new Map<string, Budget[]>(accountIds.map((id) => [id, []]));
    for (const row of rows) byAccount.get(row.accountId)?.push(row);
    return byAccount;
  }

  /**
   * The budget a payment counts against, locked until the transaction ends: payments in the
   * same budget are then counted one after the other, so none misses a threshold.
   */
  lockedBudget(accountId: string, category: SpendingCategory, currency: string): Promise<Budget | null> {
    return this.em.findOne(Budget, { accountId, category, currency }, forUpdate(this.dialect));
  }

  /** Sets the limit of an account's budget for a category and currency, creating it if new. */
  async upsert(budget: Budget): Promise<Budget> {
    const where = { accountId: budget.accountId, category: budget.category, currency: budget.currency };
    for (let attempt = 0; ; attempt++) {
      const existing = await this.em.findOne(Budget, where);
      try {
        if (existing) {
          existing.limitMinor = budget.limitMinor;
          existing.updatedAt = budget.updatedAt;
          await this.em.flush();
          return existing;
        }
        await this.em.persist(budget).flush();
        return budget;
      } catch (error) {
        // The same budget created at the same moment by another request: set its limit instead.
        if (!(error instanceof UniqueConstraintViolationException) || attempt > 0) throw error;
        this.em.clear();
      }
    }
  }

  /** The thresholds a budget has already alerted on in a month. */
  async alertedThresholds(budgetId: string, month: string): Promise<Set<number>> {
    const rows = await this.em.find(BudgetAlert, { budgetId, month });
    return new Set(rows.map((row) => row.threshold));
  }

  addAlert(alert: BudgetAlert): void {
    this.em.persist(alert);
  }

  alerts(ids: readonly string[]): Promise<BudgetAlert[]> {
    return this.em.find(BudgetAlert, { id: { $in: [...ids] } });
  }

  /** An account's alerts, newest first, optionally of one month. */
  alertsOf(accountId: string, month?: string): Promise<BudgetAlert[]> {
    return this.em.find(
      BudgetAlert,
      { accountId, ...(month ? { month } : {}) },
      { orderBy: { crossedAt: 'desc', id: 'desc' }, limit: 100 },
    );
  }
}
