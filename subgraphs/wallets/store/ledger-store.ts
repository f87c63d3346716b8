import type { EntityManager } from '@mikro-orm/core';
import type { Dialect } from '../../../platform/database';
import { sqlQuery, sqlTransaction, type SqlRunner } from '../../../platform/database/sql-transaction';
import { BalanceStore } from './balance-store';
import { TransferStore } from './transfer-store';

/** The ledger's tables as one transaction (or one read) sees them. */
export interface LedgerRows {
  transfers: TransferStore;
  balances: BalanceStore;
}

/**
 * Runs the ledger's work: each command is one transaction of plain prepared statements on a
 * connection borrowed from the ORM's pool; no entity is loaded on the ledger's path.
 */
export class LedgerStore {
  /** The EntityManager whose connection pool the transactions borrow from. */
  private em?: EntityManager;

  constructor(
    private readonly fork: () => EntityManager,
    private readonly dialect: Dialect,
  ) {}

  /** Runs `work` in one transaction; it commits when `work` returns and rolls back when it throws. */
  transaction<T>(work: (rows: LedgerRows) => Promise<T>): Promise<T> {
    return sqlTransaction(this.pool(), this.dialect, (sql) => work(this.rows(sql)));
  }

  /** The tables for single reads outside any transaction. */
  read(): LedgerRows {
    const em = this.pool();
    return this.rows({
      all: <T>(text: string, params?: readonly unknown[]) => sqlQuery<T>(em, this.dialect, text, params),
    });
  }

  private rows(sql: SqlRunner): LedgerRows {
    return { transfers: new TransferStore(sql, this.dialect), balances: new BalanceStore(sql, this.dialect) };
  }

  private pool(): EntityManager {
    this.em ??= this.fork();
    return this.em;
  }
}
