import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { MoneyType } from '../../../platform/graphql/money.types';
import { DecimalScalar } from '../../../platform/graphql/scalars';
import { Money } from '../../../platform/money';
import type { BudgetStanding, CategorySpending } from '../domain/budgets';
import type { RewardsStanding } from '../domain/rewards';
import type { BudgetAlert } from '../store/budget-alert.entity';
import type { Offer } from '../store/offer.entity';
import { SpendingCategory } from './enums';

/** The accounts subgraph's Account, known here by its key only; offers adds its rewards fields. */
@Directive('@key(fields: "id")')
@ObjectType('Account', { description: 'A person who signs in to the wallet: a customer or an analyst.' })
export class AccountRef {
  @Field(() => ID, { description: 'The account id.' })
  id!: string;

  static of(id: string): AccountRef {
    return Object.assign(new AccountRef(), { id });
  }
}

/** The payments subgraph's Payment, known here by its key only; offers adds `cashback`. */
@Directive('@key(fields: "id")')
@ObjectType('Payment', {
  description: 'Money moving into, out of or between wallets, and where that stands.',
})
export class PaymentRef {
  @Field(() => ID, { description: 'The payment id.' })
  id!: string;

  static of(id: string): PaymentRef {
    return Object.assign(new PaymentRef(), { id });
  }
}

const money = (minor: bigint | null | undefined, currency: string) =>
  minor == null ? null : MoneyType.of(Money.ofMinor(minor, currency));

/** An offer of the catalogue as a customer sees it. */
@Directive('@key(fields: "id")')
@ObjectType('Offer', {
  description: 'Cashback on payments in one spending category and currency, for customers who activate it.',
})
export class OfferType {
  @Field(() => ID, { description: 'The offer id.' })
  id!: string;

  @Field(() => String, { description: 'A short title, e.g. "5 % back on dining".' })
  title!: string;

  @Field(() => String, { description: 'What the offer covers.' })
  description!: string;

  @Field(() => SpendingCategory, { description: 'The category of the merchant payments it rewards.' })
  category!: SpendingCategory;

  @Field(() => String, {
    description: 'The currency of the payments it rewards, its minimum spend and its caps.',
  })
  currency!: string;

  @Field(() => DecimalScalar, { description: 'The share of a qualifying payment paid back: "0.05" is 5 %.' })
  cashbackRate!: string;

  @Field(() => MoneyType, { nullable: true, description: 'The most cashback one payment earns.' })
  maxCashback?: MoneyType | null;

  @Field(() => MoneyType, {
    nullable: true,
    description: 'The most cashback one customer earns from this offer, over all payments.',
  })
  maxTotalCashback?: MoneyType | null;

  @Field(() => MoneyType, { nullable: true, description: 'The least a payment must be to earn cashback.' })
  minSpend?: MoneyType | null;

  @Field(() => Date, { description: 'From when payments earn cashback.' })
  validFrom!: Date;

  @Field(() => Date, { description: 'Until when (exclusive) payments earn cashback.' })
  validUntil!: Date;

  @Field(() => Boolean, {
    description: 'Whether the account it was listed for (or the caller) has activated it.',
  })
  activated!: boolean;

  static from(offer: Offer, activated: boolean): OfferType {
    return Object.assign(new OfferType(), {
      id: offer.id,
      title: offer.title,
      description: offer.description,
      category: offer.category as SpendingCategory,
      currency: offer.currency,
      cashbackRate: offer.cashbackRate,
      maxCashback: money(offer.maxCashbackMinor, offer.currency),
      maxTotalCashback: money(offer.maxTotalCashbackMinor, offer.currency),
      minSpend: money(offer.minSpendMinor, offer.currency),
      validFrom: offer.validFrom,
      validUntil: offer.validUntil,
      activated,
    });
  }
}

@ObjectType('Rewards', { description: "An account's points and the cashback it has been credited." })
export class RewardsType {
  @Field(() => Int, { description: 'Points to redeem: earned on completed merchant payments.' })
  points!: number;

  @Field(() => [MoneyType], { description: 'Cashback credited so far, one amount per currency.' })
  cashbackEarned!: MoneyType[];

  static from(standing: RewardsStanding): RewardsType {
    return Object.assign(new RewardsType(), {
      points: Number(standing.points),
      cashbackEarned: standing.cashbackEarned.map(MoneyType.of),
    });
  }
}

@ObjectType('CategorySpend', {
  description: "One category's completed merchant payments in a month, in one currency.",
})
export class CategorySpendType {
  @Field(() => SpendingCategory, { description: 'The category.' })
  category!: SpendingCategory;

  @Field(() => MoneyType, { description: 'What the payments add up to.' })
  amount!: MoneyType;

  @Field(() => Int, { description: 'How many payments.' })
  count!: number;

  @Field(() => MoneyType, { nullable: true, description: "The category's budget in this currency, if set." })
  budget?: MoneyType | null;

  static from(row: CategorySpending): CategorySpendType {
    return Object.assign(new CategorySpendType(), {
      category: row.category as SpendingCategory,
      amount: MoneyType.of(row.amount),
      count: row.count,
      budget: row.budget ? MoneyType.of(row.budget) : null,
    });
  }
}

@Directive('@key(fields: "id")')
@ObjectType('Budget', { description: 'A monthly spending limit for one category, in one currency.' })
export class BudgetType {
  @Field(() => ID, { description: 'The budget id.' })
  id!: string;

  @Field(() => SpendingCategory, { description: 'The category it limits.' })
  category!: SpendingCategory;

  @Field(() => MoneyType, { description: 'The monthly limit.' })
  limit!: MoneyType;

  @Field(() => MoneyType, {
    description: "What this month's completed merchant payments in the category add up to.",
  })
  spent!: MoneyType;

  @Field(() => String, { description: 'The month `spent` counts, as "2026-11" (UTC).' })
  month!: string;

  static from({ budget, month, spent }: BudgetStanding): BudgetType {
    return Object.assign(new BudgetType(), {
      id: budget.id,
      category: budget.category as SpendingCategory,
      limit: MoneyType.of(Money.ofMinor(budget.limitMinor, budget.currency)),
      spent: MoneyType.of(spent),
      month,
    });
  }
}

@Directive('@key(fields: "id")')
@ObjectType('BudgetAlert', {
  description: 'A budget passing 80 % or 100 % of its limit in a month; raised once per threshold per month.',
})
export class BudgetAlertType {
  @Field(() => ID, { description: 'The alert id: the `alertId` of its `budget.threshold` event.' })
  id!: string;

  @Field(() => AccountRef, { description: 'The account whose budget it is.' })
  account!: AccountRef;

  @Field(() => ID, { description: 'The budget that passed the threshold.' })
  budgetId!: string;

  @Field(() => SpendingCategory, { description: "The budget's category." })
  category!: SpendingCategory;

  @Field(() => String, { description: 'The month, as "2026-11" (UTC).' })
  month!: string;

  @Field(() => Int, { description: 'The threshold passed, in percent: 80 or 100.' })
  thresholdPercent!: number;

  @Field(() => MoneyType, { description: "The month's spending when the threshold was passed." })
  spent!: MoneyType;

  @Field(() => MoneyType, { description: "The budget's limit at that moment." })
  limit!: MoneyType;

  @Field(() => PaymentRef, { description: 'The completed payment that took the budget past the threshold.' })
  payment!: PaymentRef;

  @Field(() => Date, { description: 'When that payment completed.' })
  crossedAt!: Date;

  @Field(() => ID, {
    nullable: true,
    description:
      'On a subscription, the id of the event that delivered this alert: pass it as `after` to resume. Null elsewhere.',
  })
  eventId?: string | null;

  static from(alert: BudgetAlert): BudgetAlertType {
    return Object.assign(new BudgetAlertType(), {
      id: alert.id,
      account: AccountRef.of(alert.accountId),
      budgetId: alert.budgetId,
      category: alert.category as SpendingCategory,
      month: alert.month,
      thresholdPercent: alert.threshold,
      spent: MoneyType.of(Money.ofMinor(alert.spentMinor, alert.currency)),
      limit: MoneyType.of(Money.ofMinor(alert.limitMinor, alert.currency)),
      payment: PaymentRef.of(alert.paymentId),
      crossedAt: alert.crossedAt,
    });
  }
}
