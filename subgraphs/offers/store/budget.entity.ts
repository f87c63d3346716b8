import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ExactBigIntType } from '../../../platform/database/exact-bigint';
import type { SpendingCategory } from '../domain/categories';

/** A monthly spending limit a customer set for one category, in one of their currencies. */
@Entity({ tableName: 'budgets' })
@Unique({ name: 'budgets_account_category_currency', properties: ['accountId', 'category', 'currency'] })
export class Budget {
  @PrimaryKey({ type: 'string', length: 100 })
  id!: string;

  @Property({ type: 'string', length: 100 })
  accountId!: string;

  @Property({ type: 'string', length: 40 })
  category!: SpendingCategory;

  @Property({ type: 'string', length: 40 })
  currency!: string;

  @Property({ type: ExactBigIntType })
  limitMinor!: bigint;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
