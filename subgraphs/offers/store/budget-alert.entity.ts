import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ExactBigIntType } from '../../../platform/database/exact-bigint';
import type { BudgetThresholdPercent } from '../contract';
import type { SpendingCategory } from '../domain/categories';

/** A budget passing one of its thresholds in one month: recorded once, published as `budget.threshold`. */
@Entity({ tableName: 'budget_alerts' })
@Unique({ name: 'budget_alerts_once', properties: ['budgetId', 'month', 'threshold'] })
export class BudgetAlert {
  @PrimaryKey({ type: 'string', length: 100 })
  id!: string;

  @Property({ type: 'string', length: 100 })
  budgetId!: string;

  @Property({ type: 'string', length: 100 })
  accountId!: string;

  @Property({ type: 'string', length: 40 })
  category!: SpendingCategory;

  @Property({ type: 'string', length: 40 })
  currency!: string;

  @Property({ type: 'string', length: 40 })
  month!: string;

  @Property({ type: 'integer' })
  threshold!: BudgetThresholdPercent;

  @Property({ type: ExactBigIntType })
  spentMinor!: bigint;

  @Property({ type: ExactBigIntType })
  limitMinor!: bigint;

  @Property({ type: 'string', length: 100 })
  paymentId!: string;

  @Property({ type: 'datetime' })
  crossedAt!: Date;
}
