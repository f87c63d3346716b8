import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A customer account's status as wallets last learned it from accounts' events. */
export type AccountStatusValue = 'ACTIVE' | 'FROZEN' | 'CLOSED';

/** What wallets knows about an account's status: a frozen account may not open wallets. */
@Entity({ tableName: 'account_statuses' })
export class AccountStatus {
  @PrimaryKey({ type: 'string', length: 36 })
  accountId!: string;

  @Property({ type: 'string', length: 10 })
  status!: AccountStatusValue;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
