import { Directive, Field, InputType, ObjectType } from 'type-graphql';
import { Money as MoneyValue } from '../money';
import { DecimalScalar } from './scalars';

/** An amount of money as the API shows it. Shared by every subgraph that shows money. */
@Directive('@shareable')
@ObjectType('Money', { description: 'An exact amount in one currency.' })
export class MoneyType {
  @Field(() => DecimalScalar, { description: 'The amount as an exact decimal string, e.g. "12.34".' })
  amount!: string;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency!: string;

  static of(money: MoneyValue): MoneyType {
    return Object.assign(new MoneyType(), money.toJSON());
  }
}

/** An amount of money as a client sends it. */
@InputType('MoneyInput', { description: 'An exact amount in one currency.' })
export class MoneyInput {
  @Field(() => DecimalScalar, {
    description: "The amount as an exact decimal string with at most the currency's minor-unit digits.",
  })
  amount!: string;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency!: string;
}
