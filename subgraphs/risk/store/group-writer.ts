import type { SqlRunner } from '../../../platform/database/sql-transaction';
import type { EventRecorder, RiskStore } from './risk-store';

/** The most writes one transaction takes. */
const MAX_BATCH = 32;

type Work<T> = (sql: SqlRunner, events: EventRecorder) => Promise<T>;

interface Queued {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit for what risk learns from payment events: the writes that arrive while one
 * transaction commits go together in the next one, so under load they cost a commit per batch
 * rather than per payment, and leave the connection free for decisions sooner. Each caller's promise settles once its write is committed (or
 * has failed); when a shared transaction fails, its writes are tried again one by one, so one
 * bad write fails alone.
 */
export class GroupWriter {
  private queue: Queued[] = [];
  private flushing?: Promise<void>;

  constructor(private readonly store: RiskStore) {}

  write<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work: work as Work<unknown>, resolve: resolve as (value: unknown) => void, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Lets the writes of the same tick join the first one.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length) {
      // Bounded, so that a batch holds the connection only briefly.
      const batch = this.queue.splice(0, MAX_BATCH);
      await this.commit(batch);
    }
    this.flushing = undefined;
  }

  private async commit(batch: Queued[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const results = await this.store.write(async (sql, events) => {
          const out: unknown[] = [];
          for (const item of batch) out.push(await item.work(sql, events));
          return out;
        });
        batch.forEach((item, index) => item.resolve(results[index]));
        return;
      } catch {
        // One of them failed the shared transaction: each on its own, below.
      }
    }
    for (const item of batch) {
      await this.store.write(item.work).then(item.resolve, item.reject);
    }
  }
}
