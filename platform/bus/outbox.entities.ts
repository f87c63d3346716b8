import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An event written in the same transaction as the change it describes; the relay publishes
 * it afterwards, so an event exists if and only if its change was committed.
 */
@Entity({ tableName: 'outbox_events' })
@Index({ name: 'outbox_events_unpublished', properties: ['publishedAt', 'seq'] })
export class OutboxEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  seq!: string;

  @Property({ type: 'string', length: 36, unique: true })
  id: string;

  @Property({ type: 'string', length: 100 })
  type: string;

  @Property({ type: 'text' })
  payload: string;

  @Property({ type: 'datetime' })
  occurredAt: Date;

  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date;

  constructor(id: string, type: string, payload: string, occurredAt: Date) {
    this.id = id;
    this.type = type;
    this.payload = payload;
    this.occurredAt = occurredAt;
  }
}

/** Remembers that a consumer has processed an event, so a redelivery changes nothing. */
@Entity({ tableName: 'processed_events' })
export class ProcessedEvent {
  @PrimaryKey({ type: 'string', length: 100 })
  consumer: string;

  @PrimaryKey({ type: 'string', length: 36 })
  eventId: string;

  @Property({ type: 'datetime' })
  processedAt: Date;

  constructor(consumer: string, eventId: string, processedAt: Date) {
    this.consumer = consumer;
    this.eventId = eventId;
    this.processedAt = processedAt;
  }
}
