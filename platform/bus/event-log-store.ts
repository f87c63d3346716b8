import type { Config } from '../config';
import { DualMigration, openDatabase, type Database } from '../database';
import { readBigInt, sqlDate } from '../database/raw-values';
import { sqlQuery, sqlTransaction } from '../database/sql-transaction';
import type { Logger } from '../logger';
import type { EventLogStore, LoggedEvent } from './event-log';

/** How long the embedded log keeps events, as the NATS stream does (7 days). */
export const EVENT_LOG_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

class EventLogMigration0001 extends DualMigration {
  sqlite(): string[] {
    return [
      `create table event_log (
        position integer not null primary key autoincrement,
        event_id text not null unique,
        type text not null,
        payload text not null,
        logged_at integer not null
      )`,
    ];
  }

  postgresql(): string[] {
    return [
      `create table event_log (
        position bigserial primary key,
        event_id varchar(36) not null unique,
        type varchar(100) not null,
        payload text not null,
        logged_at timestamptz not null
      )`,
    ];
  }
}

interface Row {
  position: unknown;
  type: string;
  payload: string;
}

const toLogged = (row: Row): LoggedEvent => ({
  position: readBigInt(row.position),
  type: row.type,
  payload: row.payload,
});

/**
 * The embedded mode's event log: a table of its own database (`events`, a SQLite file or a
 * PostgreSQL schema), one writer (the process that runs the gateway), events kept 7 days.
 */
export class DatabaseEventLogStore implements EventLogStore {
  private lastPrune = 0;

  private constructor(private readonly database: Database) {}

  static async open(config: Config, logger: Logger): Promise<DatabaseEventLogStore> {
    const database = await openDatabase({
      name: 'events',
      entities: [],
      migrations: [{ name: '0001_event_log', class: EventLogMigration0001 }],
      config,
      logger: logger.child({ component: 'event-log' }),
    });
    return new DatabaseEventLogStore(database);
  }

  async append(events: readonly { id: string; type: string; payload: string }[]): Promise<LoggedEvent[]> {
    const { orm, dialect } = this.database;
    const now = new Date();
    const prune = now.getTime() - this.lastPrune > 60 * 60 * 1000;
    if (prune) this.lastPrune = now.getTime();
    return sqlTransaction(orm.em, dialect, async (sql) => {
      const logged: LoggedEvent[] = [];
      for (const event of events) {
        const rows = await sql.all<{ position: unknown }>(
          `insert into event_log (event_id, type, payload, logged_at) values (?, ?, ?, ?)
           on conflict (event_id) do nothing returning position`,
          [event.id, event.type, event.payload, sqlDate(dialect, now)],
        );
        if (rows[0])
          logged.push({ position: readBigInt(rows[0].position), type: event.type, payload: event.payload });
      }
      if (prune) {
        await sql.all('delete from event_log where logged_at < ?', [
          sqlDate(dialect, new Date(now.getTime() - EVENT_LOG_RETENTION_MS)),
        ]);
      }
      return logged;
    });
  }

  async last(): Promise<bigint> {
    const [row] = await sqlQuery<{ position: unknown }>(
      this.database.fork(),
      this.database.dialect,
      'select coalesce(max(position), 0) as position from event_log',
    );
    return readBigInt(row.position);
  }

  async oldest(): Promise<bigint> {
    const [row] = await sqlQuery<{ position: unknown }>(
      this.database.fork(),
      this.database.dialect,
      'select coalesce(min(position), 0) as position from event_log',
    );
    return readBigInt(row.position);
  }

  async read(after: bigint, upTo: bigint, limit: number): Promise<LoggedEvent[]> {
    const rows = await sqlQuery<Row>(
      this.database.fork(),
      this.database.dialect,
      'select position, type, payload from event_log where position > ? and position <= ? order by position limit ?',
      [after.toString(), upTo.toString(), limit],
    );
    return rows.map(toLogged);
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
