import type { Dialect } from '../../../platform/database';
import { readBigInt, sqlDate } from '../../../platform/database/raw-values';
import type { SqlRunner } from '../../../platform/database/sql-transaction';
import type { RejectionReason } from '../contract';
import type { SystemAccountCode } from './ledger-account.entity';
import type { Transfer, TransferKind, TransferStatus } from './transfer.entity';

/** A transfer row to insert under the caller's id. */
export interface NewTransfer {
  id: string;
  kind: TransferKind;
  status: TransferStatus;
  reason?: RejectionReason | null;
  debitWalletId?: string | null;
  debitSystem?: SystemAccountCode | null;
  creditWalletId?: string | null;
  creditSystem?: SystemAccountCode | null;
  amount: bigint;
  currency: string;
  creditedAmount?: bigint | null;
  creditedCurrency?: string | null;
  paymentId?: string | null;
}

/**
 * The parameters of a hold's posting, recorded on the hold so a replay can be compared; a
 * missing credited amount and currency are recorded as the hold's own.
 */
export interface HoldPosting {
  creditWalletId: string | null;
  creditSystem: SystemAccountCode | null;
  creditedAmount: bigint | null;
  creditedCurrency: string | null;
}

/** A transfer or hold as stored: what a replay compares and the recovery pass reads. */
export type StoredTransfer = Pick<
  Transfer,
  | 'id'
  | 'kind'
  | 'status'
  | 'reason'
  | 'debitWalletId'
  | 'debitSystem'
  | 'creditWalletId'
  | 'creditSystem'
  | 'amount'
  | 'currency'
  | 'creditedAmount'
  | 'creditedCurrency'
  | 'paymentId'
>;

/** What a claimed hold tells the posting or voiding that claimed it. */
export interface ClaimedHold {
  debitWalletId: string;
  amount: bigint;
  currency: string;
  paymentId: string | null;
}

type Row = Record<string, unknown>;

const TRANSFER_INSERT = `insert into transfers (id, kind, status, reason, debit_wallet_id, debit_system,
  credit_wallet_id, credit_system, amount, currency, credited_amount, credited_currency, payment_id, created_at,
  updated_at)`;
const TRANSFER_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, cast(? as bigint), ?, cast(? as bigint), ?, ?, ?, ?)';

/**
 * The transfers table: every hold and transfer under the caller's id, inside the caller's
 * transaction. A hold changes status by one conditional update, so it is posted or voided once.
 */
export class TransferStore {
  constructor(
    private readonly sql: SqlRunner,
    private readonly dialect: Dialect,
  ) {}

  /** Inserts a transfer unless one with that id exists; true when this call inserted it. */
  async insert(transfer: NewTransfer, now: Date): Promise<boolean> {
    const rows = await this.sql.all(
      `${TRANSFER_INSERT} values ${TRANSFER_ROW} on conflict (id) do nothing returning id`,
      this.values(transfer, now),
    );
    return rows.length === 1;
  }

  /**
   * Adds a transfer to the inserts that run as the transaction commits (one statement for a
   * batch's rows); an id that exists fails the transaction with UniqueConstraintViolationException.
   */
  append(transfer: NewTransfer, now: Date): void {
    this.sql.append(TRANSFER_INSERT, TRANSFER_ROW, this.values(transfer, now));
  }

  private values(transfer: NewTransfer, now: Date): unknown[] {
    return [
      transfer.id,
      transfer.kind,
      transfer.status,
      transfer.reason ?? null,
      transfer.debitWalletId ?? null,
      transfer.debitSystem ?? null,
      transfer.creditWalletId ?? null,
      transfer.creditSystem ?? null,
      transfer.amount.toString(),
      transfer.currency,
      transfer.creditedAmount == null ? null : transfer.creditedAmount.toString(),
      transfer.creditedCurrency ?? null,
      transfer.paymentId ?? null,
      sqlDate(this.dialect, now),
      sqlDate(this.dialect, now),
    ];
  }

  /** Marks a PENDING hold POSTED with its posting's parameters; null when it was not pending. */
  async claimHoldForPosting(holdId: string, posting: HoldPosting, now: Date): Promise<ClaimedHold | null> {
    const rows = await this.sql.all(
      `update transfers set status = 'POSTED', credit_wallet_id = ?, credit_system = ?,
         credited_amount = coalesce(cast(? as bigint), amount), credited_currency = coalesce(?, currency),
         updated_at = ?
       where id = ? and kind = 'HOLD' and status = 'PENDING'
       returning debit_wallet_id, amount, currency, payment_id`,
      [
        posting.creditWalletId,
        posting.creditSystem,
        posting.creditedAmount == null ? null : posting.creditedAmount.toString(),
        posting.creditedCurrency,
        sqlDate(this.dialect, now),
        holdId,
      ],
    );
    return rows[0] ? claimed(rows[0]) : null;
  }

  /** Marks a PENDING hold VOIDED; null when it was not pending. */
  async claimHoldForVoiding(holdId: string, now: Date): Promise<ClaimedHold | null> {
    const rows = await this.sql.all(
      `update transfers set status = 'VOIDED', updated_at = ?
       where id = ? and kind = 'HOLD' and status = 'PENDING'
       returning debit_wallet_id, amount, currency, payment_id`,
      [sqlDate(this.dialect, now), holdId],
    );
    return rows[0] ? claimed(rows[0]) : null;
  }

  /** The transfer or hold under a caller's id, read afresh. */
  async find(id: string): Promise<StoredTransfer | null> {
    const rows = await this.sql.all<Row>(
      `select id, kind, status, reason, debit_wallet_id, debit_system, credit_wallet_id, credit_system,
         amount, currency, credited_amount, credited_currency, payment_id
       from transfers where id = ?`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const text = (value: unknown) => (value == null ? null : String(value));
    return {
      id: String(row.id),
      kind: row.kind as TransferKind,
      status: row.status as TransferStatus,
      reason: text(row.reason) as RejectionReason | null,
      debitWalletId: text(row.debit_wallet_id),
      debitSystem: text(row.debit_system) as SystemAccountCode | null,
      creditWalletId: text(row.credit_wallet_id),
      creditSystem: text(row.credit_system) as SystemAccountCode | null,
      amount: readBigInt(row.amount),
      currency: String(row.currency),
      creditedAmount: row.credited_amount == null ? null : readBigInt(row.credited_amount),
      creditedCurrency: text(row.credited_currency),
      paymentId: text(row.payment_id),
    };
  }
}

function claimed(row: Row): ClaimedHold {
  return {
    debitWalletId: String(row.debit_wallet_id),
    amount: readBigInt(row.amount),
    currency: String(row.currency),
    paymentId: row.payment_id == null ? null : String(row.payment_id),
  };
}
