import type { SqlRunner } from '../../../platform/database/sql-transaction';
import { newId } from '../../../platform/ids';
import type {
  EntryDirection,
  LedgerAccount,
  RejectionReason,
  SystemAccountCode,
  Transfer,
  TransferKind,
  TransferStatus,
} from '../entities';

/** The SQL dialect a ledger store speaks. */
export type Dialect = 'sqlite' | 'postgresql';

/** A ledger account's balances right after a change, and the sequence number of its new entry. */
export interface Balances {
  id: string;
  posted: bigint;
  pending: bigint;
  lastSeq: bigint;
}

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

/**
 * The ledger's SQL, one statement per step, inside the caller's transaction. Balance changes
 * are single conditional updates that return the new balances, so the hot path never reads a
 * row before writing it, and the row lock taken by the update is what serialises spenders.
 * Amounts are written as `cast(? as bigint)`: bound text would compare as text on SQLite.
 */
export class LedgerStore {
  constructor(
    private readonly sql: SqlRunner,
    private readonly dialect: Dialect,
  ) {}

  /** Inserts a transfer unless one with that id exists; true when this call inserted it. */
  async insertTransfer(transfer: NewTransfer, now: Date): Promise<boolean> {
    const rows = await this.all(
      `insert into transfers (id, kind, status, reason, debit_wallet_id, debit_system, credit_wallet_id,
         credit_system, amount, currency, credited_amount, credited_currency, payment_id, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as bigint), ?, cast(? as bigint), ?, ?, ?, ?)
       on conflict (id) do nothing returning id`,
      [
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
        this.date(now),
        this.date(now),
      ],
    );
    return rows.length === 1;
  }

  /** Marks a PENDING hold POSTED with its posting's parameters; null when it was not pending. */
  async claimHoldForPosting(holdId: string, posting: HoldPosting, now: Date): Promise<ClaimedHold | null> {
    const rows = await this.all(
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
        this.date(now),
        holdId,
      ],
    );
    return rows[0] ? claimed(rows[0]) : null;
  }

  /** Marks a PENDING hold VOIDED; null when it was not pending. */
  async claimHoldForVoiding(holdId: string, now: Date): Promise<ClaimedHold | null> {
    const rows = await this.all(
      `update transfers set status = 'VOIDED', updated_at = ?
       where id = ? and kind = 'HOLD' and status = 'PENDING'
       returning debit_wallet_id, amount, currency, payment_id`,
      [this.date(now), holdId],
    );
    return rows[0] ? claimed(rows[0]) : null;
  }

  /**
   * Reserves `amount` on an ACTIVE wallet of `currency` if its available balance covers it;
   * false when the wallet is missing, frozen, closed, in another currency or short of funds.
   */
  async reserve(walletId: string, currency: string, amount: bigint): Promise<boolean> {
    const rows = await this.all(
      `update ledger_accounts set pending = pending + cast(? as bigint)
       where id = ? and kind = 'WALLET' and currency = ? and status = 'ACTIVE'
         and posted - pending >= cast(? as bigint)
       returning id`,
      [amount.toString(), walletId, currency, amount.toString()],
    );
    return rows.length === 1;
  }

  /** Releases a reservation made by `reserve`. */
  async release(walletId: string, amount: bigint): Promise<void> {
    await this.all(
      `update ledger_accounts set pending = pending - cast(? as bigint) where id = ? returning id`,
      [amount.toString(), walletId],
    );
  }

  /**
   * Debits a wallet for a posted hold: the reserved amount leaves both `pending` and `posted`,
   * so the available balance is unchanged. Returns the balances after it.
   */
  async settleReserved(walletId: string, amount: bigint): Promise<Balances> {
    const rows = await this.all(
      `update ledger_accounts set posted = posted - cast(? as bigint), pending = pending - cast(? as bigint),
         last_seq = last_seq + 1
       where id = ? returning id, posted, pending, last_seq`,
      [amount.toString(), amount.toString(), walletId],
    );
    return balances(rows[0]);
  }

  /**
   * Debits an ACTIVE wallet if its available balance covers `amount`; null when it does not
   * (or the wallet is missing, frozen, closed or in another currency).
   */
  async debitWallet(walletId: string, currency: string, amount: bigint): Promise<Balances | null> {
    const rows = await this.all(
      `update ledger_accounts set posted = posted - cast(? as bigint), last_seq = last_seq + 1
       where id = ? and kind = 'WALLET' and currency = ? and status = 'ACTIVE'
         and posted - pending >= cast(? as bigint)
       returning id, posted, pending, last_seq`,
      [amount.toString(), walletId, currency, amount.toString()],
    );
    return rows[0] ? balances(rows[0]) : null;
  }

  /** Credits a wallet of `currency` that is not CLOSED; null when there is none. */
  async creditWallet(walletId: string, currency: string, amount: bigint): Promise<Balances | null> {
    const rows = await this.all(
      `update ledger_accounts set posted = posted + cast(? as bigint), last_seq = last_seq + 1
       where id = ? and kind = 'WALLET' and currency = ? and status <> 'CLOSED'
       returning id, posted, pending, last_seq`,
      [amount.toString(), walletId, currency],
    );
    return rows[0] ? balances(rows[0]) : null;
  }

  /**
   * Moves a system account's posted balance by `delta` (negative for a debit), creating the
   * account on first use; system accounts may go negative.
   */
  async moveSystem(code: SystemAccountCode, currency: string, delta: bigint, now: Date): Promise<Balances> {
    const rows = await this.all(
      `insert into ledger_accounts (id, kind, account_id, code, currency, status, posted, pending, last_seq, created_at)
       values (?, 'SYSTEM', null, ?, ?, 'ACTIVE', cast(? as bigint), 0, 1, ?)
       on conflict (code, currency) do update
         set posted = ledger_accounts.posted + excluded.posted, last_seq = ledger_accounts.last_seq + 1
       returning id, posted, pending, last_seq`,
      [newId(), code, currency, delta.toString(), this.date(now)],
    );
    return balances(rows[0]);
  }

  /** Appends entries in one statement. */
  async insertEntries(entries: NewEntry[], now: Date): Promise<void> {
    if (!entries.length) return;
    const createdAt = this.date(now);
    const params: unknown[] = [];
    for (const entry of entries) {
      params.push(
        newId(),
        entry.ledgerAccountId,
        entry.seq.toString(),
        entry.transferId,
        entry.direction,
        entry.amount.toString(),
        entry.currency,
        entry.balanceAfter.toString(),
        entry.paymentId,
        createdAt,
      );
    }
    const row = '(?, ?, cast(? as bigint), ?, ?, cast(? as bigint), ?, cast(? as bigint), ?, ?)';
    await this.all(
      `insert into ledger_entries (id, ledger_account_id, seq, transfer_id, direction, amount, currency,
         balance_after, payment_id, created_at)
       values ${entries.map(() => row).join(', ')}`,
      params,
    );
  }

  /** The transfer or hold under a caller's id, read afresh. */
  async findTransfer(id: string): Promise<StoredTransfer | null> {
    const rows = await this.all(
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
      amount: toBigInt(row.amount),
      currency: String(row.currency),
      creditedAmount: row.credited_amount == null ? null : toBigInt(row.credited_amount),
      creditedCurrency: text(row.credited_currency),
      paymentId: text(row.payment_id),
    };
  }

  /** A wallet's current row: its owner, currency and status (and why a conditional update did not apply). */
  async findWallet(
    walletId: string,
  ): Promise<Pick<LedgerAccount, 'id' | 'accountId' | 'currency' | 'status'> | null> {
    const rows = await this.all(
      `select id, account_id, currency, status from ledger_accounts where id = ? and kind = 'WALLET'`,
      [walletId],
    );
    const row = rows[0];
    return row
      ? {
          id: String(row.id),
          accountId: row.account_id == null ? null : String(row.account_id),
          currency: String(row.currency),
          status: row.status as LedgerAccount['status'],
        }
      : null;
  }

  private all(sql: string, params: unknown[]): Promise<Row[]> {
    return this.sql.all<Row>(sql, params);
  }

  /** Dates as each dialect's columns hold them: epoch milliseconds on SQLite (as MikroORM writes them). */
  private date(value: Date): string | number {
    return this.dialect === 'sqlite' ? value.getTime() : value.toISOString();
  }
}

/** An entry to append: everything but its id and time. */
export interface NewEntry {
  ledgerAccountId: string;
  seq: bigint;
  transferId: string;
  direction: EntryDirection;
  amount: bigint;
  currency: string;
  balanceAfter: bigint;
  paymentId: string | null;
}

function balances(row: Row | undefined): Balances {
  if (!row) throw new Error('A ledger account update returned no row');
  return {
    id: String(row.id),
    posted: toBigInt(row.posted),
    pending: toBigInt(row.pending),
    lastSeq: toBigInt(row.last_seq),
  };
}

function claimed(row: Row): ClaimedHold {
  return {
    debitWalletId: String(row.debit_wallet_id),
    amount: toBigInt(row.amount),
    currency: String(row.currency),
    paymentId: row.payment_id == null ? null : String(row.payment_id),
  };
}

/** Integers come back as strings from PostgreSQL and as numbers or bigints from SQLite. */
export function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' || typeof value === 'string') return BigInt(value);
  throw new Error(`Not an integer: ${String(value)}`);
}
