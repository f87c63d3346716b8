import { DeliverPolicy, type JetStreamClient, type JetStreamManager, type JsMsg } from 'nats';
import type { Logger } from '../logger';
import type { EventLog, LoggedEvent, LogListener } from './event-log';

const decoder = new TextDecoder();

/** How long one read waits for a message it knows the stream holds. */
const READ_TIMEOUT_MS = 5_000;

/**
 * The distributed mode's event log is the event stream itself: positions are JetStream stream
 * sequences, the same for every gateway, so a client may resume on any instance. Each process
 * follows the stream with one ordered consumer (in order, no gaps, nothing acknowledged) and
 * reads a replay with another that starts where the client left off.
 */
export class NatsEventLog implements EventLog {
  private readonly listeners = new Set<LogListener>();
  private newest = 0n;
  private stopped = false;
  private following?: Promise<void>;
  private stopFollowing?: () => void;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    /** The subject filter of every event, e.g. `events.>`. */
    private readonly filter: string,
    private readonly logger: Logger,
  ) {}

  /** Starts following from the stream's current end; resolves once following. */
  async start(): Promise<void> {
    const info = await this.jsm.streams.info(this.stream);
    this.newest = BigInt(info.state.last_seq);
    const consumer = await this.js.consumers.get(this.stream, {
      filterSubjects: this.filter,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: info.state.last_seq + 1,
    });
    const messages = await consumer.consume();
    this.stopFollowing = () => void messages.stop();
    this.following = (async () => {
      for await (const message of messages) {
        if (this.stopped) break;
        const event = this.toLogged(message);
        this.newest = event.position;
        for (const listener of this.listeners) listener(event);
      }
    })().catch((error) => this.logger.error({ err: error }, 'event log follower failed'));
  }

  follow(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  head(): bigint {
    return this.newest;
  }

  async read(after: bigint, upTo: bigint, limit: number): Promise<LoggedEvent[]> {
    if (upTo <= after || limit <= 0) return [];
    const consumer = await this.js.consumers.get(this.stream, {
      filterSubjects: this.filter,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: Number(after + 1n),
    });
    const events: LoggedEvent[] = [];
    const messages = await consumer.fetch({ max_messages: limit, expires: READ_TIMEOUT_MS });
    for await (const message of messages) {
      if (BigInt(message.seq) > upTo) break;
      events.push(this.toLogged(message));
      if (BigInt(message.seq) >= upTo || events.length >= limit) break;
    }
    await messages.close().catch(() => undefined);
    return events;
  }

  async oldest(): Promise<bigint> {
    const info = await this.jsm.streams.info(this.stream);
    return info.state.messages === 0 ? 0n : BigInt(info.state.first_seq);
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.stopFollowing?.();
    await this.following;
    this.listeners.clear();
  }

  private toLogged(message: JsMsg): LoggedEvent {
    const payload = decoder.decode(message.data);
    const type = message.subject.slice(this.filter.length - 1);
    return { position: BigInt(message.seq), type, payload };
  }
}
