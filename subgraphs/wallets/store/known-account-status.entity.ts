import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { AccountStatus } from '../../accounts/contract';

/** An account's status as wallets last learned it from accounts' events: a frozen account may not open wallets. */
@Entity({ tableName: 'account_statuses' })
export class KnownAccountStatus {
  @PrimaryKey({ type: 'string', length: 36 })
  accountId!: string;

  @Property({ type: 'string', length: 10 })
  status!: AccountStatus;

  /** When accounts made the change: an older announcement never overwrites a newer one. */
  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
