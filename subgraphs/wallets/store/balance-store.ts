import type { Dialect } from '../../../platform/database';
import { readBigInt, sqlDate } from '../../../platform/database/raw-values';
import type { SqlRunner } from '../../../platform/database/sql-transaction';
import { newId } from '../../../platform/ids';
import type { WalletStatus } from '../contract';
import type { SystemAccountCode } from './ledger-account.entity';
import type { EntryDirection } from './ledger-entry.entity';

/** A ledger account's balances right after a change, and the sequence number of its new entry. */
export interface Balances {
  id: string;
  posted: bigint;
  pending: bigint;
  lastSeq: bigint;
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

/** A wallet's current row: what a conditional update that did not apply is explained by. */
export interface WalletRow {
  id: string;
  accountId: string | null;
  currency: string;
  status: WalletStatus;
}

type Row = Record<string, unknown>;

const ENTRIES_INSERT = `insert into ledger_entries (id, ledger_account_id, seq, transfer_id, direction, amount,
  currency, balance_after, payment_id, created_at)`;

/**
 * Balances and entries, inside the caller's transaction. Balance changes are single conditional
 * updates that return the new balances, so the hot path never reads a row before writing it,
 * and the row lock taken by the update is what serialises spenders. Amounts are written as
 * `cast(? as bigint)`: bound text would compare as text on SQLite.
 */
export class BalanceStore {
  constructor(
    private readonly sql: SqlRunner,
    private readonly dialect: Dialect,
  ) {}

  /** Whether an update locks only its rows (PostgreSQL), so that commands must take them in one order. */
  get locksRows(): boolean {
    return this.dialect === 'postgresql';
  }

  /**
   * Reserves `amount` on an ACTIVE wallet of `currency` if its available balance covers it;
   * false when the wallet is missing, frozen, closed, in another currency or short of funds.
   */
  async reserve(walletId: string, currency: string, amount: bigint): Promise<boolean> {
    const rows = await this.sql.all(
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
    await this.sql.all(
      `update ledger_accounts set pending = pending - cast(? as bigint) where id = ? returning id`,
      [amount.toString(), walletId],
    );
  }

  /**
   * Debits a wallet for a posted hold: the reserved amount leaves both `pending` and `posted`,
   * so the available balance is unchanged. Returns the balances after it.
   */
  async settleReserved(walletId: string, amount: bigint): Promise<Balances> {
    const rows = await this.sql.all(
      `update ledger_accounts set posted = posted - cast(? as bigint), pending = pending - cast(? as bigint),
         last_seq = last_seq + 1
       where id = ? returning id, posted, pending, last_seq`,
      [amount.toString(), amount.toString(), walletId],
    );
    return balances(rows[0]);
  }

  /**
   * Settles `amount` reserved on one wallet into another wallet of `currency` that is not
   * CLOSED, as `settleReserved` and `creditWallet` do; null when there is no such wallet to
   * credit (the debit is then undone with the transaction the caller fails). On SQLite (one
   * writer, no row locks) both rows change in one statement; on PostgreSQL each in lock order.
   */
  async settleInto(
    debitWalletId: string,
    creditWalletId: string,
    currency: string,
    amount: bigint,
  ): Promise<{ debit: Balances; credit: Balances } | null> {
    if (this.dialect === 'postgresql') {
      const debitFirst = debitWalletId < creditWalletId;
      const debit = debitFirst ? await this.settleReserved(debitWalletId, amount) : undefined;
      const credit = await this.creditWallet(creditWalletId, currency, amount);
      if (!credit) return null;
      return { debit: debit ?? (await this.settleReserved(debitWalletId, amount)), credit };
    }
    const minor = amount.toString();
    const rows = await this.sql.all(
      `update ledger_accounts set
         posted = posted + (case when id = ? then -1 else 1 end) * cast(? as bigint),
         pending = pending - (case when id = ? then cast(? as bigint) else 0 end),
         last_seq = last_seq + 1
       where id = ? or (id = ? and kind = 'WALLET' and currency = ? and status <> 'CLOSED')
       returning id, posted, pending, last_seq`,
      [debitWalletId, minor, debitWalletId, minor, debitWalletId, creditWalletId, currency],
    );
    const debit = rows.find((row) => String(row.id) === debitWalletId);
    const credit = rows.find((row) => String(row.id) === creditWalletId);
    return credit ? { debit: balances(debit), credit: balances(credit) } : null;
  }

  /**
   * Debits an ACTIVE wallet if its available balance covers `amount`; null when it does not
   * (or the wallet is missing, frozen, closed or in another currency).
   */
  async debitWallet(walletId: string, currency: string, amount: bigint): Promise<Balances | null> {
    const rows = await this.sql.all(
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
    const rows = await this.sql.all(
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
    const rows = await this.sql.all(
      `insert into ledger_accounts (id, kind, account_id, code, currency, status, posted, pending, last_seq, created_at)
       values (?, 'SYSTEM', null, ?, ?, 'ACTIVE', cast(? as bigint), 0, 1, ?)
       on conflict (code, currency) do update
         set posted = ledger_accounts.posted + excluded.posted, last_seq = ledger_accounts.last_seq + 1
       returning id, posted, pending, last_seq`,
      [newId(), code, currency, delta.toString(), sqlDate(this.dialect, now)],
    );
    return balances(rows[0]);
  }

  /** Appends entries; they go in with the transaction's other entries, in one statement, as it commits. */
  insertEntries(entries: NewEntry[], now: Date): void {
    if (!entries.length) return;
    const createdAt = sqlDate(this.dialect, now);
    for (const entry of entries) {
      this.sql.append(
        ENTRIES_INSERT,
        '(?, ?, cast(? as bigint), ?, ?, cast(? as bigint), ?, cast(? as bigint), ?, ?)',
        [
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
        ],
      );
    }
  }

  /** A wallet's current row, or null when there is no such wallet. */
  async findWallet(walletId: string): Promise<WalletRow | null> {
    const rows = await this.sql.all<Row>(
      `select id, account_id, currency, status from ledger_accounts where id = ? and kind = 'WALLET'`,
      [walletId],
    );
    const row = rows[0];
    return row
      ? {
          id: String(row.id),
          accountId: row.account_id == null ? null : String(row.account_id),
          currency: String(row.currency),
          status: row.status as WalletStatus,
        }
      : null;
  }
}

function balances(row: Row | undefined): Balances {
  if (!row) throw new Error('A ledger account update returned no row');
  return {
    id: String(row.id),
    posted: readBigInt(row.posted),
    pending: readBigInt(row.pending),
    lastSeq: readBigInt(row.last_seq),
  };
}
