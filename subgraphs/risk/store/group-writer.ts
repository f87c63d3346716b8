import { GroupCommit } from '../../../platform/database/group-commit';
import type { SqlRunner } from '../../../platform/database/sql-transaction';
import type { EventRecorder, RiskStore } from './risk-store';

/** The most writes one transaction takes. */
const MAX_BATCH = 32;

type Work<T> = (sql: SqlRunner, events: EventRecorder) => Promise<T>;

/** What one of risk's transactions gives a write: its statements and its outbox. */
interface RiskTransaction {
  sql: SqlRunner;
  events: EventRecorder;
}

/**
 * Group commit (platform/database/group-commit.ts) of risk's writes in its store's transactions,
 * events included: the writes that arrive while one transaction commits go together in the
 * next one, so under load they cost a commit per batch rather than per payment, and leave the
 * connection free for decisions sooner. A failing write fails alone.
 */
export class GroupWriter {
  private readonly group: GroupCommit<RiskTransaction>;

  constructor(store: RiskStore) {
    this.group = new GroupCommit<RiskTransaction>(
      (work) => store.write((sql, events) => work({ sql, events })),
      MAX_BATCH,
    );
  }

  /** Runs `work` in the next batch; settles once that batch has committed (or it failed alone). */
  write<T>(work: Work<T>): Promise<T> {
    return this.group.run(({ sql, events }) => work(sql, events));
  }
}
