import type { OffersContext } from '../context';
import { BudgetAlertType, BudgetType } from './types';

/**
 * Resolves Budget and BudgetAlert references (a budget-alert subscription resolves its alerts
 * this way), batched through the request's DataLoaders; one the caller may not see is null.
 */
export const budgetReferences = {
  Budget: {
    async __resolveReference(reference: { id: string }, ctx: OffersContext): Promise<BudgetType | null> {
      const budget = await ctx.loaders.budgetById.load(reference.id);
      if (!budget || !(await ctx.access.canReadAccount(budget.accountId))) return null;
      return BudgetType.from(await ctx.services.budgets.current(budget, ctx.stores));
    },
  },
  BudgetAlert: {
    async __resolveReference(reference: { id: string }, ctx: OffersContext): Promise<BudgetAlertType | null> {
      const alert = await ctx.loaders.alertById.load(reference.id);
      if (!alert || !(await ctx.access.canReadAccount(alert.accountId))) return null;
      return BudgetAlertType.from(alert);
    },
  },
};
