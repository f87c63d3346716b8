import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { ExactBigIntType } from '../../../platform/database/exact-bigint';
import type { SpendingCategory } from '../domain/categories';

/** An offer of the catalogue: cashback on one category's payments in one currency, for a while. */
@Entity({ tableName: 'offers' })
export class Offer {
  @PrimaryKey({ type: 'string', length: 100 })
  id!: string;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'string', length: 40 })
  category!: SpendingCategory;

  /** The currency of the payments it rewards, its minimum spend and its caps. */
  @Property({ type: 'string', length: 40 })
  currency!: string;

  /** An exact decimal: "0.05" is 5 %. */
  @Property({ type: 'string', length: 40 })
  cashbackRate!: string;

  @Property({ type: ExactBigIntType, nullable: true })
  minSpendMinor?: bigint | null;

  /** The most one payment earns. */
  @Property({ type: ExactBigIntType, nullable: true })
  maxCashbackMinor?: bigint | null;

  /** The most one customer earns from this offer, over all payments. */
  @Property({ type: ExactBigIntType, nullable: true })
  maxTotalCashbackMinor?: bigint | null;

  @Property({ type: 'datetime' })
  validFrom!: Date;

  /** Exclusive; an analyst ending an offer brings it forward to that moment. */
  @Property({ type: 'datetime' })
  validUntil!: Date;

  /** How many customers activated it: its popularity. */
  @Property({ type: 'integer', default: 0 })
  activations: number = 0;

  /** Part of the catalogue the subgraph ships with, rather than created by an analyst. */
  @Property({ type: 'boolean' })
  seeded!: boolean;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
