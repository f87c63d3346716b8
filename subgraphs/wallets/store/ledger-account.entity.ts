import { BigIntType, Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ExactBigIntType } from '../../../platform/database/exact-bigint';
import type { SystemAccount, WalletStatus } from '../contract';

/** Whether a ledger account is a customer's wallet or one of the bank's own accounts. */
export type LedgerAccountKind = 'WALLET' | 'SYSTEM';

/**
 * The bank's own accounts, one per currency, created the first time money moves through them:
 * those other services may name, and FX, through which the ledger converts.
 */
export type SystemAccountCode = SystemAccount | 'FX';

/**
 * One account of the double-entry ledger: a customer's wallet (owned by an account, one per
 * currency) or a system account (FUNDING, SETTLEMENT, FX, REWARDS per currency). `posted` and
 * `pending` are kept in step with the entries and holds in the same transaction, so a balance
 * is read without summing; `lastSeq` numbers the account's entries for its statement.
 */
@Entity({ tableName: 'ledger_accounts' })
@Unique({ name: 'ledger_accounts_wallet_unique', properties: ['accountId', 'currency'] })
@Unique({ name: 'ledger_accounts_system_unique', properties: ['code', 'currency'] })
export class LedgerAccount {
  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 10 })
  kind!: LedgerAccountKind;

  /** The owning customer account; null for system accounts. */
  @Property({ type: 'string', length: 36, nullable: true })
  accountId?: string | null;

  /** The system account's code; null for wallets. */
  @Property({ type: 'string', length: 20, nullable: true })
  code?: SystemAccountCode | null;

  @Property({ type: 'string', length: 3 })
  currency!: string;

  @Property({ type: 'string', length: 10 })
  status!: WalletStatus;

  /** The posted balance in minor units. */
  @Property({ type: new ExactBigIntType() })
  posted!: bigint;

  /** The sum of pending holds in minor units. */
  @Property({ type: new ExactBigIntType() })
  pending!: bigint;

  /** The sequence number of the account's newest entry (0 before the first). */
  @Property({ type: new BigIntType('bigint') })
  lastSeq!: bigint;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
