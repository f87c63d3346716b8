import { newEnvelope, OUTBOX_INSERT, type EventContract, type EventDataInput } from '../../../platform/bus';
import type { Database, Dialect } from '../../../platform/database';
import { sqlDate } from '../../../platform/database/raw-values';
import { sqlReader, sqlTransaction, type SqlRunner } from '../../../platform/database/sql-transaction';
import { SOURCE } from '../contract';

/**
 * Risk's persistence: plain statements on its own database, read outside a transaction or
 * written in one, with its events added to the outbox of that same transaction.
 */
export class RiskStore {
  constructor(
    private readonly database: Pick<Database, 'orm' | 'dialect'>,
    /** Called after a write that recorded events commits, so the relay publishes them now. */
    private readonly eventsRecorded: () => void = () => undefined,
  ) {}

  get dialect(): Dialect {
    return this.database.dialect;
  }

  /** Runs reads, each statement on its own, outside any transaction. */
  read<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T> {
    const { orm, dialect } = this.database;
    return work(sqlReader(orm.em, dialect));
  }

  /** Runs `work` in one transaction; events it recorded are relayed once it commits. */
  async write<T>(work: (sql: SqlRunner, events: EventRecorder) => Promise<T>): Promise<T> {
    const { orm, dialect } = this.database;
    let recorded = 0;
    const result = await sqlTransaction(orm.em, dialect, (sql) =>
      work(sql, async (contract, data, now) => {
        const envelope = newEnvelope(SOURCE, contract, data, now);
        sql.append(OUTBOX_INSERT, '(?, ?, ?, ?)', [
          envelope.id,
          envelope.type,
          JSON.stringify(envelope),
          sqlDate(dialect, now),
        ]);
        recorded++;
      }),
    );
    if (recorded) this.eventsRecorded();
    return result;
  }
}

/** Adds an event to the outbox of the transaction under way. */
export type EventRecorder = <E extends EventContract>(
  contract: E,
  data: EventDataInput<E>,
  now: Date,
) => Promise<void>;
