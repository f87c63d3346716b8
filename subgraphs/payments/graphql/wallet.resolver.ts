import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageRequest, toConnection } from '../../../platform/graphql/connections';
import type { PaymentsContext } from '../context';
import { paymentCursor } from '../domain/queries';
import { PaymentFilter } from './inputs';
import { PaymentConnection, PaymentNode, WalletRef } from './types';

@Resolver(() => WalletRef)
export class WalletPaymentsResolver {
  @FieldResolver(() => PaymentConnection, {
    description:
      "The payments in and out of this wallet, newest first. For the wallet's owner, analysts, and partner apps " +
      'the owner granted payments:read.',
  })
  async payments(
    @Root() wallet: WalletRef,
    @Ctx() ctx: PaymentsContext,
    @Arg('first', () => Int, { nullable: true, description: 'How many payments (default 20, at most 100).' })
    first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The cursor after which to continue.' })
    after?: string | null,
    @Arg('filter', () => PaymentFilter, {
      nullable: true,
      description: 'Only payments matching this filter.',
    })
    filter?: PaymentFilter | null,
  ): Promise<PaymentConnection> {
    const page = pageRequest(first, after);
    const rows = await ctx.services.queries.walletPayments(
      ctx.access,
      wallet.id,
      {
        status: filter?.status ?? undefined,
        kind: filter?.kind ?? undefined,
        category: filter?.category ?? undefined,
        from: filter?.from ?? undefined,
        to: filter?.to ?? undefined,
      },
      page,
    );
    return toConnection(rows, page.first, paymentCursor, PaymentNode.from) as PaymentConnection;
  }
}
