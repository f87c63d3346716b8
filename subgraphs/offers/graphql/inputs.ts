// Inputs are checked in the domain (one place, with the `input.` field names of the API).
import { Field, ID, InputType, Int } from 'type-graphql';
import { MoneyInput } from '../../../platform/graphql/money.types';
import { DecimalScalar } from '../../../platform/graphql/scalars';
import { SpendingCategory } from './enums';

@InputType('SetBudgetInput', { description: 'A monthly limit for one spending category.' })
export class SetBudgetInput {
  @Field(() => SpendingCategory, { description: 'The category to limit.' })
  category!: SpendingCategory;

  @Field(() => MoneyInput, {
    description: 'The monthly limit, more than zero, in the currency of one of your wallets.',
  })
  limit!: MoneyInput;
}

@InputType('RedeemPointsInput', { description: 'Points to turn into money in one of your wallets.' })
export class RedeemPointsInput {
  @Field(() => Int, { description: 'How many points, at least one and at most what you have.' })
  points!: number;

  @Field(() => ID, {
    description: 'Your wallet to credit, at the configured value of a point in its currency.',
  })
  walletId!: string;

  @Field(() => String, {
    description:
      'A key of your choosing (1-128 characters) that makes retries safe: the same key with the same parameters returns the original payment and redeems nothing again; with other parameters it is a CONFLICT.',
  })
  idempotencyKey!: string;
}

@InputType('CreateOfferInput', { description: 'A new offer for the catalogue (ANALYST).' })
export class CreateOfferInput {
  @Field(() => String, { description: 'A short title (at most 120 characters).' })
  title!: string;

  @Field(() => String, { description: 'What the offer covers (at most 1000 characters).' })
  description!: string;

  @Field(() => SpendingCategory, { description: 'The category of the payments it rewards.' })
  category!: SpendingCategory;

  @Field(() => String, {
    description: 'The ISO 4217 currency of the payments it rewards and of its amounts.',
  })
  currency!: string;

  @Field(() => DecimalScalar, { description: 'The share paid back, above 0 and at most 1: "0.05" is 5 %.' })
  cashbackRate!: string;

  @Field(() => MoneyInput, { nullable: true, description: 'The least a payment must be to earn cashback.' })
  minSpend?: MoneyInput | null;

  @Field(() => MoneyInput, { nullable: true, description: 'The most cashback one payment earns.' })
  maxCashback?: MoneyInput | null;

  @Field(() => MoneyInput, {
    nullable: true,
    description: 'The most cashback one customer earns from this offer, over all payments.',
  })
  maxTotalCashback?: MoneyInput | null;

  @Field(() => Date, { description: 'From when payments earn cashback.' })
  validFrom!: Date;

  @Field(() => Date, { description: 'Until when (exclusive) payments earn cashback; in the future.' })
  validUntil!: Date;
}
