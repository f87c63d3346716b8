import type { EntityManager } from '@mikro-orm/core';
import type { Dialect } from './raw-values';
import { sqlTransaction, type SqlRunner } from './sql-transaction';

/** The most units one shared transaction takes, so that a batch holds the connection only briefly. */
export const MAX_GROUP = 64;

/** One caller's unit of work: statements that would otherwise be a transaction of their own. */
export type Unit<T, Tx = SqlRunner> = (tx: Tx) => Promise<T>;

/** Runs work in one transaction: what the batches commit in (a sqlTransaction, or a store's own). */
export type Transaction<Tx> = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

interface Queued<Tx> {
  unit: Unit<unknown, Tx>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit for short transactions of hand-written SQL (`GroupCommit.sql`, or a store's own
 * transaction, such as risk's with its outbox): the units that arrive while one batch commits
 * run one after another in the next shared transaction, so under load a commit
 * (and its BEGIN) is paid per batch rather than per command, as ledgers built for throughput do.
 * Each caller's promise settles only once its unit is durable. Units see each other's writes in
 * arrival order, exactly as if each had committed alone in that order. A unit that throws rolls
 * the shared transaction back; every unit of that batch then runs again in a transaction of its
 * own, so the failing one is refused alone and the others commit. Units must therefore be
 * repeatable (idempotent by their caller's id) and run nothing but their SQL.
 */
export class GroupCommit<Tx = SqlRunner> {
  private queue: Queued<Tx>[] = [];
  private draining?: Promise<void>;

  constructor(
    private readonly transaction: Transaction<Tx>,
    private readonly maxGroup = MAX_GROUP,
  ) {}

  /** Group commit of plain sqlTransactions on a pool's connection (any EntityManager of the ORM). */
  static sql(em: () => EntityManager, dialect: Dialect, maxGroup = MAX_GROUP): GroupCommit<SqlRunner> {
    return new GroupCommit<SqlRunner>((work) => sqlTransaction(em(), dialect, work), maxGroup);
  }

  /** Runs `unit` in the next batch; settles with its result once that batch has committed. */
  run<T>(unit: Unit<T, Tx>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        unit: unit as Unit<unknown, Tx>,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.draining ??= this.drain();
    });
  }

  /** Resolves once every unit queued so far has settled. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      // Lets the units of the same turn of the event loop join the first one.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.queue.length) await this.commit(this.queue.splice(0, this.maxGroup));
    } finally {
      this.draining = undefined;
    }
  }

  private async commit(batch: Queued<Tx>[]): Promise<void> {
    if (batch.length > 1) {
      let results: unknown[] | undefined;
      try {
        results = await this.transaction(async (tx) => {
          const out: unknown[] = [];
          for (const item of batch) out.push(await item.unit(tx));
          return out;
        });
      } catch {
        // One unit (or the commit) failed the shared transaction: each on its own, below.
      }
      if (results) {
        batch.forEach((item, index) => item.resolve(results[index]));
        return;
      }
    }
    for (const item of batch) {
      await this.transaction(item.unit).then(item.resolve, item.reject);
    }
  }
}
