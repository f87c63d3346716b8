import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { MoneyType } from '../../../platform/graphql/money.types';
import { Money } from '../../../platform/money';
import type { OffersContext } from '../context';
import { PaymentRef } from './types';

/** What offers contributes to the payments subgraph's Payment. */
@Resolver(() => PaymentRef)
export class PaymentCashbackResolver {
  @FieldResolver(() => MoneyType, {
    nullable: true,
    description:
      'The cashback this merchant payment earned from activated offers (credited as a CASHBACK payment); null when none.',
  })
  async cashback(@Root() payment: PaymentRef, @Ctx() ctx: OffersContext): Promise<MoneyType | null> {
    const earned = (await ctx.loaders.cashbackByPayment.load(payment.id)).filter(
      (row) => row.status !== 'DECLINED',
    );
    if (!earned.length || !(await ctx.paymentAccess.canReadAccount(earned[0].accountId))) return null;
    const total = earned.reduce(
      (sum, row) => sum.plus(Money.ofMinor(row.amountMinor, row.currency)),
      Money.zero(earned[0].currency),
    );
    return MoneyType.of(total);
  }
}
