import type { OffersContext } from '../context';
import { offerForCaller } from './offer.resolver';
import { BudgetAlertType, BudgetType, type OfferType } from './types';

/**
 * Resolves the entities offers owns when other subgraphs (or a subscription) point at them,
 * batched through the request's DataLoaders; a budget or alert the caller may not see is null.
 */
export const offersReferences = {
  Offer: {
    async __resolveReference(reference: { id: string }, ctx: OffersContext): Promise<OfferType | null> {
      const offer = await ctx.loaders.offerById.load(reference.id);
      return offer ? offerForCaller(ctx, offer) : null;
    },
  },
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
