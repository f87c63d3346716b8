import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { ExactBigIntType } from '../../../platform/database/exact-bigint';
import type { SpendingCategory } from '../domain/categories';

/** A completed merchant payment as offers learned it from `payment.completed`: the source of insights. */
@Entity({ tableName: 'merchant_spends' })
export class MerchantSpend {
  @PrimaryKey({ type: 'string', length: 100 })
  paymentId!: string;

  @Property({ type: 'string', length: 100 })
  accountId!: string;

  @Property({ type: 'string', length: 100 })
  walletId!: string;

  @Property({ type: 'string', length: 40 })
  category!: SpendingCategory;

  @Property({ type: 'string', length: 40 })
  currency!: string;

  @Property({ type: ExactBigIntType })
  amountMinor!: bigint;

  /** `YYYY-MM` of `completedAt` in UTC. */
  @Property({ type: 'string', length: 40 })
  month!: string;

  @Property({ type: 'datetime' })
  completedAt!: Date;
}
