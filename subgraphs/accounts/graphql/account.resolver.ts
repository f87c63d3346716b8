import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireAnalyst } from '../../../platform/auth';
import { NotFound } from '../../../platform/errors';
import type { AccountsContext } from '../context';
import { FreezeAccountArgs } from './inputs';
import { AccountNode, FundingSourceNode } from './types';

/** Reading accounts, and the analyst's freeze and unfreeze. */
@Resolver(() => AccountNode)
export class AccountResolver {
  @Query(() => AccountNode, { nullable: true, description: 'The signed-in account; null when signed out.' })
  async me(@Ctx() ctx: AccountsContext): Promise<AccountNode | null> {
    if (ctx.viewer.kind !== 'account') return null;
    const account = await ctx.loaders.accountById.load(ctx.viewer.accountId);
    return account ? AccountNode.from(account) : null;
  }

  @Query(() => AccountNode, {
    nullable: true,
    description:
      'An account by id: your own, any account for an ANALYST, or one that granted your partner app accounts:read. Otherwise NOT_FOUND.',
  })
  async account(
    @Arg('id', () => ID, { description: 'The account id.' }) id: string,
    @Ctx() ctx: AccountsContext,
  ): Promise<AccountNode> {
    const account = await ctx.loaders.accountById.load(id);
    if (!account || !(await ctx.access.canReadAccount(account.id))) throw new NotFound('Account', id);
    return AccountNode.from(account);
  }

  @FieldResolver(() => [FundingSourceNode], {
    description: "The account's linked (ACTIVE) cards and bank accounts.",
  })
  async fundingSources(
    @Root() account: AccountNode,
    @Ctx() ctx: AccountsContext,
  ): Promise<FundingSourceNode[]> {
    const sources = await ctx.loaders.activeFundingSourcesByAccountId.load(account.id);
    return sources.map(FundingSourceNode.from);
  }

  @Mutation(() => AccountNode, {
    description:
      'ANALYST only: freezes an account (its wallets stop moving money) and publishes account.frozen.',
  })
  async freezeAccount(
    @Args(() => FreezeAccountArgs) { accountId, reason }: FreezeAccountArgs,
    @Ctx() ctx: AccountsContext,
  ): Promise<AccountNode> {
    requireAnalyst(ctx.viewer);
    return AccountNode.from(await ctx.services.accounts.freeze(accountId, reason));
  }

  @Mutation(() => AccountNode, {
    description: 'ANALYST only: makes a frozen account ACTIVE again; publishes account.unfrozen.',
  })
  async unfreezeAccount(
    @Arg('accountId', () => ID, { description: 'The account to unfreeze.' }) accountId: string,
    @Ctx() ctx: AccountsContext,
  ): Promise<AccountNode> {
    requireAnalyst(ctx.viewer);
    return AccountNode.from(await ctx.services.accounts.unfreeze(accountId));
  }
}
