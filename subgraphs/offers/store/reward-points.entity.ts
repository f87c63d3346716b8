import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { ExactBigIntType } from '../../../platform/database/exact-bigint';

/** An account's points balance: earned on merchant spend, spent on redemptions, never below zero. */
@Entity({ tableName: 'reward_points' })
export class RewardPoints {
  @PrimaryKey({ type: 'string', length: 100 })
  accountId!: string;

  @Property({ type: ExactBigIntType })
  points!: bigint;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
