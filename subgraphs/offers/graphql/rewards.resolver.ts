import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { OffersContext } from '../context';
import { RedeemPointsInput } from './inputs';
import { PaymentRef, RewardsType } from './types';

@Resolver(() => RewardsType)
export class RewardsResolver {
  @Mutation(() => PaymentRef, {
    description:
      'Turns points into money in one of your wallets (a POINTS_REDEMPTION payment). Idempotent by idempotencyKey; ' +
      'more points than you have is BAD_USER_INPUT.',
  })
  async redeemPoints(
    @Arg('input', () => RedeemPointsInput, { description: 'The points, the wallet and the idempotency key.' })
    input: RedeemPointsInput,
    @Ctx() ctx: OffersContext,
  ): Promise<PaymentRef> {
    return PaymentRef.of(await ctx.services.redemptions.redeem(ctx.viewer, input));
  }
}
