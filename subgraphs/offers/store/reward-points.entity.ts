import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** An account's points balance: earned on merchant spend, spent on redemptions, never below zero. */
@Entity({ tableName: 'reward_points' })
export class RewardPoints {
  @PrimaryKey({ type: 'string', length: 100 })
  accountId!: string;

  // Compared in the WHERE of a conditional update, so it is read as an integer, never as text.
  @Property({ type: new BigIntType('bigint') })
  points!: bigint;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
