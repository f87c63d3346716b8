import { DualMigration } from './dual-migration';

/** The platform's own tables in every subgraph's database: the outbox and consumer de-duplication. */
export class PlatformMigration0001 extends DualMigration {
  sqlite(): string[] {
    return [
      `create table outbox_events (
        seq integer not null primary key autoincrement,
        id text not null unique,
        type text not null,
        payload text not null,
        occurred_at datetime not null,
        published_at datetime null
      )`,
      'create index outbox_events_unpublished on outbox_events (published_at, seq)',
      `create table processed_events (
        consumer text not null,
        event_id text not null,
        processed_at datetime not null,
        primary key (consumer, event_id)
      )`,
    ];
  }

  postgresql(): string[] {
    return [
      `create table outbox_events (
        seq bigserial primary key,
        id varchar(36) not null unique,
        type varchar(100) not null,
        payload text not null,
        occurred_at timestamptz not null,
        published_at timestamptz null
      )`,
      'create index outbox_events_unpublished on outbox_events (published_at, seq)',
      `create table processed_events (
        consumer varchar(100) not null,
        event_id varchar(36) not null,
        processed_at timestamptz not null,
        primary key (consumer, event_id)
      )`,
    ];
  }
}
