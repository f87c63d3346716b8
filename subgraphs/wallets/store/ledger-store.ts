import type { EntityManager } from '@mikro-orm/core';
import type { Dialect } from '../../../platform/database';
import { GroupCommit } from '../../../platform/database/group-commit';
import { sqlReader, type SqlRunner } from '../../../platform/database/sql-transaction';
import { BalanceStore } from './balance-store';
import { TransferStore } from './transfer-store';

/** The ledger's tables as one transaction (or one read) sees them. */
export interface LedgerRows {
  transfers: TransferStore;
  balances: BalanceStore;
}

/**
 * Runs the ledger's work: each command is plain prepared statements on a connection borrowed
 * from the ORM's pool, no entity loaded on the ledger's path. Commands arriving together share
 * a transaction (group commit); one that fails is rolled back and refused alone.
 */
export class LedgerStore {
  /** The EntityManager whose connection pool the transactions borrow from. */
  private em?: EntityManager;
  private readonly commands: GroupCommit;

  constructor(
    private readonly fork: () => EntityManager,
    private readonly dialect: Dialect,
  ) {
    this.commands = GroupCommit.sql(() => this.pool(), dialect);
  }

  /**
   * Runs `work` as one command: it commits when `work` returns and leaves no trace when it
   * throws. It may run twice (its batch rolled back by another command), so it must be
   * idempotent by the caller's id, as every ledger command is.
   */
  transaction<T>(work: (rows: LedgerRows) => Promise<T>): Promise<T> {
    return this.commands.run((sql) => work(this.rows(sql)));
  }

  /** The tables for single reads outside any transaction. */
  read(): LedgerRows {
    return this.rows(sqlReader(this.pool(), this.dialect));
  }

  private rows(sql: SqlRunner): LedgerRows {
    return { transfers: new TransferStore(sql, this.dialect), balances: new BalanceStore(sql, this.dialect) };
  }

  private pool(): EntityManager {
    this.em ??= this.fork();
    return this.em;
  }
}
