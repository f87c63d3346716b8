import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { PaymentsContext } from '../context';
import { PayMerchantInput, TopUpInput, TransferInput, VerifyPaymentInput, WithdrawInput } from './inputs';
import { PaymentNode } from './types';

@Resolver(() => PaymentNode)
export class PaymentResolver {
  @Query(() => PaymentNode, {
    nullable: true,
    description: 'One payment: yours as payer or payee (or any, for an analyst). NOT_FOUND otherwise.',
  })
  async payment(
    @Arg('id', () => ID, { description: 'The payment id.' }) id: string,
    @Ctx() ctx: PaymentsContext,
  ): Promise<PaymentNode> {
    return PaymentNode.from(await ctx.services.queries.payment(ctx.access, id, ctx.loaders));
  }

  @Mutation(() => PaymentNode, {
    description:
      'Tops up one of your wallets from a linked card or bank account. Idempotent by idempotencyKey.',
  })
  async topUp(
    @Arg('input', () => TopUpInput, {
      description: 'The wallet, funding source, amount and idempotency key.',
    })
    input: TopUpInput,
    @Ctx() ctx: PaymentsContext,
  ): Promise<PaymentNode> {
    return PaymentNode.from(await ctx.services.payments.topUp(ctx.viewer, input));
  }

  @Mutation(() => PaymentNode, {
    description: 'Withdraws from one of your wallets to a linked bank account. Idempotent by idempotencyKey.',
  })
  async withdraw(
    @Arg('input', () => WithdrawInput, {
      description: 'The wallet, bank account, amount and idempotency key.',
    })
    input: WithdrawInput,
    @Ctx() ctx: PaymentsContext,
  ): Promise<PaymentNode> {
    return PaymentNode.from(await ctx.services.payments.withdraw(ctx.viewer, input));
  }

  @Mutation(() => PaymentNode, {
    description:
      'Sends money from one of your wallets to any wallet, converting between currencies at the configured rate. ' +
      'Idempotent by idempotencyKey.',
  })
  async transfer(
    @Arg('input', () => TransferInput, { description: 'The two wallets, amount, note and idempotency key.' })
    input: TransferInput,
    @Ctx() ctx: PaymentsContext,
  ): Promise<PaymentNode> {
    return PaymentNode.from(await ctx.services.payments.transfer(ctx.viewer, input));
  }

  @Mutation(() => PaymentNode, {
    description: 'Pays a merchant from one of your wallets. Idempotent by idempotencyKey.',
  })
  async payMerchant(
    @Arg('input', () => PayMerchantInput, {
      description: 'The wallet, merchant, category, amount and idempotency key.',
    })
    input: PayMerchantInput,
    @Ctx() ctx: PaymentsContext,
  ): Promise<PaymentNode> {
    return PaymentNode.from(await ctx.services.payments.payMerchant(ctx.viewer, input));
  }

  @Mutation(() => PaymentNode, {
    description:
      'Confirms a payment that is REQUIRES_VERIFICATION with a TOTP code. A wrong code is BAD_USER_INPUT; ' +
      'the third wrong code declines the payment (VERIFICATION_FAILED).',
  })
  async verifyPayment(
    @Arg('input', () => VerifyPaymentInput, { description: 'The payment and the code.' })
    input: VerifyPaymentInput,
    @Ctx() ctx: PaymentsContext,
  ): Promise<PaymentNode> {
    return PaymentNode.from(await ctx.services.verification.verifyPayment(ctx.viewer, input));
  }
}
