import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ExactBigIntType } from '../../../platform/database/exact-bigint';

/**
 * Where a redemption stands: points taken and the credit asked for (PENDING), credited
 * (COMPLETED), or refused by payments with the points given back (DECLINED, FAILED).
 */
export type RedemptionStatus = 'PENDING' | 'COMPLETED' | 'DECLINED' | 'FAILED';

/** Points turned into money in a wallet, under the customer's idempotency key. */
@Entity({ tableName: 'redemptions' })
@Unique({ name: 'redemptions_account_key', properties: ['accountId', 'idempotencyKey'] })
export class Redemption {
  @PrimaryKey({ type: 'string', length: 100 })
  id!: string;

  @Property({ type: 'string', length: 100 })
  accountId!: string;

  @Property({ type: 'text' })
  idempotencyKey!: string;

  @Property({ type: 'string', length: 100 })
  walletId!: string;

  @Property({ type: ExactBigIntType })
  points!: bigint;

  @Property({ type: ExactBigIntType })
  amountMinor!: bigint;

  @Property({ type: 'string', length: 40 })
  currency!: string;

  @Property({ type: 'string', length: 40 })
  status!: RedemptionStatus;

  /** The POINTS_REDEMPTION payment, once payments has answered. */
  @Property({ type: 'string', length: 100, nullable: true })
  paymentId?: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
