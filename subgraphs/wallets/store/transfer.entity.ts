import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { ExactBigIntType } from '../../../platform/database/exact-bigint';
import type { RejectionReason } from '../contract';
import type { SystemAccountCode } from './ledger-account.entity';

/** A hold is a two-phase transfer (placed, then posted or voided); a transfer posts at once. */
export type TransferKind = 'HOLD' | 'TRANSFER';

/** PENDING only for holds not yet posted or voided; REJECTED remembers a refusal for replays. */
export type TransferStatus = 'PENDING' | 'POSTED' | 'VOIDED' | 'REJECTED';

/**
 * A movement requested by a caller under its own id (the idempotency key). The parameters are
 * kept so that a replay with the same id can be recognised, and one with other parameters
 * refused; the status and reason are the outcome a replay returns.
 */
@Entity({ tableName: 'transfers' })
export class Transfer {
  @PrimaryKey({ type: 'string', length: 100 })
  id!: string;

  @Property({ type: 'string', length: 10 })
  kind!: TransferKind;

  @Property({ type: 'string', length: 10 })
  status!: TransferStatus;

  @Property({ type: 'string', length: 20, nullable: true })
  reason?: RejectionReason | null;

  @Property({ type: 'string', length: 36, nullable: true })
  debitWalletId?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  debitSystem?: SystemAccountCode | null;

  @Property({ type: 'string', length: 36, nullable: true })
  creditWalletId?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  creditSystem?: SystemAccountCode | null;

  @Property({ type: new ExactBigIntType() })
  amount!: bigint;

  @Property({ type: 'string', length: 3 })
  currency!: string;

  @Property({ type: new ExactBigIntType(), nullable: true })
  creditedAmount?: bigint | null;

  @Property({ type: 'string', length: 3, nullable: true })
  creditedCurrency?: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  paymentId?: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
