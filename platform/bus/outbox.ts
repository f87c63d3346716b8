import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Database } from '../database';
import { sqlDate } from '../database/raw-values';
import { sqlTransaction } from '../database/sql-transaction';
import type { Logger } from '../logger';
import type { Bus } from './bus';
import { parseMessage, type EventContract, type EventDataInput, type EventEnvelope } from './contract';
import { OutboxEvent, ProcessedEvent } from './outbox.entities';

/**
 * A new envelope for an event of `contract`, its data checked against the contract first: a
 * publisher cannot record what its consumers would refuse.
 */
export function newEnvelope<E extends EventContract>(
  source: string,
  contract: E,
  data: EventDataInput<E>,
  now: Date,
): EventEnvelope<EventDataInput<E>> {
  parseMessage(contract.data, data, contract.type, 'event');
  return {
    id: randomUUID(),
    type: contract.type,
    version: contract.version,
    source,
    occurredAt: now.toISOString(),
    data,
  };
}

/** The outbox's insert up to its values, for `SqlRunner.append` in hand-written transactions. */
export const OUTBOX_INSERT = 'insert into outbox_events (id, type, payload, occurred_at)';

/**
 * Adds an event to the outbox inside the caller's unit of work: it is committed with the
 * change it describes, or not at all. Returns the envelope that will be published.
 */
export function recordEvent<E extends EventContract>(
  em: EntityManager,
  source: string,
  contract: E,
  data: EventDataInput<E>,
  now: Date,
): EventEnvelope<EventDataInput<E>> {
  const envelope = newEnvelope(source, contract, data, now);
  em.persist(new OutboxEvent(envelope.id, envelope.type, JSON.stringify(envelope), now));
  return envelope;
}

/**
 * Publishes committed outbox events in the order they were written. It runs when nudged after
 * a commit and on a timer as a safety net. Each batch is one transaction of plain statements: on
 * SQLite it takes the write lock at its start (a transaction that read first and then wrote
 * would fail against another writer instead of waiting), on PostgreSQL it claims rows with SKIP
 * LOCKED, so several instances of a service relay side by side without publishing a row twice.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly database: Pick<Database, 'orm' | 'dialect'>,
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly options: { intervalMs?: number; batchSize?: number } = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => this.nudge(), this.options.intervalMs ?? 1_000);
    this.timer.unref();
    this.nudge();
  }

  /** Asks for a relay pass soon; passes never overlap, and a nudge during one schedules another. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** Publishes until the outbox is empty; resolves when it is. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    await this.drain();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    const batchSize = this.options.batchSize ?? 100;
    try {
      // A short batch means the outbox is empty: no extra pass just to find that out.
      while (!this.stopped && (await this.relayBatch(batchSize)) === batchSize);
    } catch (error) {
      this.logger.error({ err: error }, 'outbox relay pass failed; will retry');
    }
  }

  private async relayBatch(batchSize: number): Promise<number> {
    const { orm, dialect } = this.database;
    return sqlTransaction(orm.em, dialect, async (sql) => {
      const lock = dialect === 'postgresql' ? ' for update skip locked' : '';
      const events = await sql.all<{ seq: unknown; id: string; type: string; payload: string }>(
        `select seq, id, type, payload from outbox_events where published_at is null
         order by seq limit ?${lock}`,
        [batchSize],
      );
      if (events.length === 0) return 0;
      // Sent in order on one connection, acknowledged together: a batch costs one round trip.
      await Promise.all(events.map(({ id, type, payload }) => this.bus.publish({ id, type, payload })));
      await sql.all(
        `update outbox_events set published_at = ? where seq in (${events.map(() => '?').join(', ')})`,
        [sqlDate(dialect, new Date()), ...events.map((event) => event.seq)],
      );
      return events.length;
    });
  }
}

/**
 * Runs `handler` for an event at most once per consumer: the handler's changes and the record
 * that the event was processed commit together, so a redelivered event is skipped.
 */
export async function consumeOnce(
  em: EntityManager,
  consumer: string,
  event: EventEnvelope,
  handler: (em: EntityManager) => Promise<void>,
): Promise<boolean> {
  return em.transactional(async (tx) => {
    const seen = await tx.findOne(ProcessedEvent, { consumer, eventId: event.id });
    if (seen) return false;
    tx.persist(new ProcessedEvent(consumer, event.id, new Date()));
    await handler(tx);
    return true;
  });
}
