import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { requireAccount } from '../../../platform/auth';
import type { AccountsContext } from '../context';
import { LinkBankAccountInput, LinkCardInput } from './inputs';
import { FundingSourceNode } from './types';

/** Linking and unlinking the caller's cards and bank accounts. */
@Resolver(() => FundingSourceNode)
export class FundingSourceResolver {
  @Mutation(() => FundingSourceNode, {
    description:
      'Links a bank account by IBAN (checked, then kept masked). Linking it again returns the same source.',
  })
  async linkBankAccount(
    @Arg('input', () => LinkBankAccountInput, { description: 'The IBAN and holder name.' })
    input: LinkBankAccountInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<FundingSourceNode> {
    const accountId = requireAccount(ctx.viewer);
    return FundingSourceNode.from(await ctx.services.fundingSources.linkBankAccount(accountId, input));
  }

  @Mutation(() => FundingSourceNode, {
    description:
      'Links a card (Luhn and expiry checked; only a token, last4, brand and expiry are kept). Linking the same card again returns the same source.',
  })
  async linkCard(
    @Arg('input', () => LinkCardInput, { description: 'The card details.' }) input: LinkCardInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<FundingSourceNode> {
    const accountId = requireAccount(ctx.viewer);
    return FundingSourceNode.from(await ctx.services.fundingSources.linkCard(accountId, input));
  }

  @Mutation(() => FundingSourceNode, {
    description: 'Unlinks one of your funding sources; it becomes REMOVED.',
  })
  async unlinkFundingSource(
    @Arg('id', () => ID, { description: 'The funding source id.' }) id: string,
    @Ctx() ctx: AccountsContext,
  ): Promise<FundingSourceNode> {
    const accountId = requireAccount(ctx.viewer);
    return FundingSourceNode.from(await ctx.services.fundingSources.unlink(accountId, id));
  }
}
