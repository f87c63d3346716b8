import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { OffersContext } from '../context';
import { AccountRef, BudgetAlertType, BudgetType, CategorySpendType, OfferType, RewardsType } from './types';

/** What offers contributes to the accounts subgraph's Account; a caller who may not see the account sees nothing. */
@Resolver(() => AccountRef)
export class AccountOffersResolver {
  @FieldResolver(() => [OfferType], {
    description:
      "Offers for this account, ranked by its own spending: categories with the larger share of the last 90 days' " +
      'completed merchant payments first, then the most popular. Its activated offers always show; ended ones never.',
  })
  async offers(
    @Root() account: AccountRef,
    @Ctx() ctx: OffersContext,
    @Arg('first', () => Int, {
      nullable: true,
      description: 'How many offers besides the activated ones (default 10, at most 100).',
    })
    first?: number | null,
  ): Promise<OfferType[]> {
    if (!(await ctx.access.canReadAccount(account.id))) return [];
    const offers = await ctx.services.catalogue.forAccount(account.id, first, ctx.stores);
    const activated = await ctx.loaders.activatedByAccount.load(account.id);
    return offers.map((offer) => OfferType.from(offer, activated.has(offer.id)));
  }

  @FieldResolver(() => RewardsType, {
    description: 'Points to redeem and the cashback credited, per currency.',
  })
  async rewards(@Root() account: AccountRef, @Ctx() ctx: OffersContext): Promise<RewardsType> {
    if (!(await ctx.access.canReadAccount(account.id)))
      return RewardsType.from({ points: 0n, cashbackEarned: [] });
    return RewardsType.from(await ctx.loaders.rewardsByAccount.load(account.id));
  }

  @FieldResolver(() => [CategorySpendType], {
    description:
      "Completed merchant payments of a month per category and currency, with each category's budget.",
  })
  async spendingInsights(
    @Root() account: AccountRef,
    @Ctx() ctx: OffersContext,
    @Arg('month', () => String, {
      nullable: true,
      description: 'The month, as "2026-11" (UTC); default this month.',
    })
    month?: string | null,
  ): Promise<CategorySpendType[]> {
    if (!(await ctx.access.canReadAccount(account.id))) return [];
    const rows = await ctx.services.budgets.insights(account.id, month, ctx.stores);
    return rows.map(CategorySpendType.from);
  }

  @FieldResolver(() => [BudgetType], {
    description: "The account's monthly budgets, with this month's spending.",
  })
  async budgets(@Root() account: AccountRef, @Ctx() ctx: OffersContext): Promise<BudgetType[]> {
    if (!(await ctx.access.canReadAccount(account.id))) return [];
    return (await ctx.services.budgets.of(account.id, ctx.stores)).map(BudgetType.from);
  }

  @FieldResolver(() => [BudgetAlertType], {
    description: 'The 80 % and 100 % alerts its budgets raised, newest first (at most 100).',
  })
  async budgetAlerts(
    @Root() account: AccountRef,
    @Ctx() ctx: OffersContext,
    @Arg('month', () => String, { nullable: true, description: 'Only this month\'s, as "2026-11".' })
    month?: string | null,
  ): Promise<BudgetAlertType[]> {
    if (!(await ctx.access.canReadAccount(account.id))) return [];
    return (await ctx.services.budgets.alerts(account.id, month, ctx.stores)).map(BudgetAlertType.from);
  }
}
