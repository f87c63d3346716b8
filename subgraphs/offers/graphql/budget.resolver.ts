import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { OffersContext } from '../context';
import { SetBudgetInput } from './inputs';
import { BudgetAlertType, BudgetType } from './types';

@Resolver(() => BudgetType)
export class BudgetResolver {
  @Mutation(() => BudgetType, {
    description:
      "Sets your monthly budget for a category in one of your wallets' currencies. You are told (budget.threshold) " +
      'once when a month passes 80 % and once when it passes 100 %.',
  })
  async setBudget(
    @Arg('input', () => SetBudgetInput, { description: 'The category and the monthly limit.' })
    input: SetBudgetInput,
    @Ctx() ctx: OffersContext,
  ): Promise<BudgetType> {
    return BudgetType.from(await ctx.services.budgets.set(ctx.viewer, input, ctx.stores));
  }
}

@Resolver(() => BudgetAlertType)
export class BudgetAlertResolver {
  @FieldResolver(() => BudgetType, {
    nullable: true,
    description: "The budget, with this month's spending; null if the caller may not see it.",
  })
  async budget(@Root() alert: BudgetAlertType, @Ctx() ctx: OffersContext): Promise<BudgetType | null> {
    const budget = await ctx.loaders.budgetById.load(alert.budgetId);
    if (!budget || !(await ctx.access.canReadAccount(budget.accountId))) return null;
    return BudgetType.from(await ctx.services.budgets.current(budget, ctx.stores));
  }
}
