// Inputs are checked in the domain (one place, with the `input.` field names of the API).
import { Field, ID, InputType } from 'type-graphql';
import { MoneyInput } from '../../../platform/graphql/money.types';
import { PaymentKind, PaymentStatus, SpendingCategory } from './enums';

const IDEMPOTENCY_KEY =
  'A key of your choosing (1-128 characters) that makes retries safe: the same key with the same parameters returns the original payment and moves no money again; with other parameters it is a CONFLICT.';

@InputType('TopUpInput', {
  description: 'Money in from a linked card or bank account to one of your wallets.',
})
export class TopUpInput {
  @Field(() => ID, { description: 'The wallet to top up.' })
  walletId!: string;

  @Field(() => ID, { description: 'The linked card or bank account to pull the money from.' })
  fundingSourceId!: string;

  @Field(() => MoneyInput, { description: "How much, in the wallet's currency." })
  amount!: MoneyInput;

  @Field(() => String, { description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;
}

@InputType('WithdrawInput', { description: 'Money out from one of your wallets to a linked bank account.' })
export class WithdrawInput {
  @Field(() => ID, { description: 'The wallet to withdraw from.' })
  walletId!: string;

  @Field(() => ID, { description: 'The linked bank account to send the money to (not a card).' })
  fundingSourceId!: string;

  @Field(() => MoneyInput, { description: "How much, in the wallet's currency." })
  amount!: MoneyInput;

  @Field(() => String, { description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;
}

@InputType('TransferInput', {
  description: "Money from one of your wallets to any wallet, yours or someone else's.",
})
export class TransferInput {
  @Field(() => ID, { description: 'Your wallet the money leaves.' })
  fromWalletId!: string;

  @Field(() => ID, {
    description: 'The wallet the money reaches; converted at the configured rate if its currency differs.',
  })
  toWalletId!: string;

  @Field(() => MoneyInput, { description: "How much leaves, in the source wallet's currency." })
  amount!: MoneyInput;

  @Field(() => String, { nullable: true, description: 'A note for the payee (at most 500 characters).' })
  note?: string | null;

  @Field(() => String, { description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;
}

@InputType('PayMerchantInput', { description: 'A payment from one of your wallets to a merchant.' })
export class PayMerchantInput {
  @Field(() => ID, { description: 'Your wallet the money leaves.' })
  walletId!: string;

  @Field(() => String, { description: "The merchant's name (1-200 characters)." })
  merchantName!: string;

  @Field(() => SpendingCategory, { description: 'What the money is spent on.' })
  category!: SpendingCategory;

  @Field(() => MoneyInput, { description: "How much, in the wallet's currency." })
  amount!: MoneyInput;

  @Field(() => String, { description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;
}

@InputType('VerifyPaymentInput', { description: 'Confirms a payment that is REQUIRES_VERIFICATION.' })
export class VerifyPaymentInput {
  @Field(() => ID, { description: 'The payment to confirm.' })
  paymentId!: string;

  @Field(() => String, { description: 'The current six-digit code of your authenticator app (TOTP).' })
  code!: string;
}

@InputType('PaymentFilter', { description: "Narrows a wallet's payments; every field given must match." })
export class PaymentFilter {
  @Field(() => PaymentStatus, { nullable: true, description: 'Only payments in this status.' })
  status?: PaymentStatus | null;

  @Field(() => PaymentKind, { nullable: true, description: 'Only payments of this kind.' })
  kind?: PaymentKind | null;

  @Field(() => SpendingCategory, { nullable: true, description: 'Only merchant payments in this category.' })
  category?: SpendingCategory | null;

  @Field(() => Date, { nullable: true, description: 'Only payments created at or after this instant.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only payments created before this instant.' })
  to?: Date | null;
}
