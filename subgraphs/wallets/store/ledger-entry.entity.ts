import { BigIntType, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ExactBigIntType } from '../../../platform/database/exact-bigint';

/** The side of a ledger account an entry lands on. */
export type EntryDirection = 'DEBIT' | 'CREDIT';

/**
 * One immutable line of the ledger: an amount debited from or credited to a ledger account by
 * a transfer, with the account's posted balance right after it. Entries are only ever
 * inserted; no code path updates or deletes one.
 */
@Entity({ tableName: 'ledger_entries' })
@Unique({ name: 'ledger_entries_account_seq', properties: ['ledgerAccountId', 'seq'] })
@Index({ name: 'ledger_entries_transfer', properties: ['transferId'] })
export class LedgerEntry {
  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 36 })
  ledgerAccountId!: string;

  /** Position in the account's statement: 1, 2, 3, ... without gaps. */
  @Property({ type: new BigIntType('bigint') })
  seq!: bigint;

  /** The hold or transfer this entry belongs to; its entries balance per currency. */
  @Property({ type: 'string', length: 100 })
  transferId!: string;

  @Property({ type: 'string', length: 6 })
  direction!: EntryDirection;

  /** Always positive, in minor units; the direction says which way. */
  @Property({ type: new ExactBigIntType() })
  amount!: bigint;

  @Property({ type: 'string', length: 3 })
  currency!: string;

  @Property({ type: new ExactBigIntType() })
  balanceAfter!: bigint;

  @Property({ type: 'string', length: 100, nullable: true })
  paymentId?: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
