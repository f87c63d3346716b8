import { createHash } from 'node:crypto';
import {
  AckPolicy,
  connect,
  DeliverPolicy,
  ErrorCode,
  NatsError,
  nanos,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type Msg,
  type NatsConnection,
  type StreamConfig,
  type Subscription,
} from 'nats';
import { AppError, revive, type SerializedAppError } from '../errors';
import type { Logger } from '../logger';
import type { Bus, Command, EventEnvelope, EventHandler } from './bus';
import { CommandUnavailable } from './in-process';

/** How to reach NATS and where the events live; every field but `url` and `logger` has a default. */
export interface NatsBusOptions {
  url: string;
  logger: Logger;
  /** The JetStream stream holding every event (default `WALLET_EVENTS`). */
  stream?: string;
  /** The connection's name, shown by the server's monitoring (e.g. the service's name). */
  name?: string;
  /** Events travel on `<subjectPrefix>.<type>` (default `events`); streams must not overlap. */
  subjectPrefix?: string;
  /** Commands travel on `<commandPrefix>.<subject>` (default `commands`). */
  commandPrefix?: string;
  /** Deliveries of one event to one consumer group before it is logged as dead (default 8). */
  maxDeliver?: number;
  /** How long a delivery may stay unacknowledged before the server redelivers it (default 30 s). */
  ackWaitMs?: number;
  /** Window in which a repeated event id is dropped by the stream (default 5 minutes). */
  duplicateWindowMs?: number;
  /** How long the stream keeps events (default 7 days). */
  maxAgeMs?: number;
}

/** The prefix of a consumer group that wants every event in each process, from now on. */
export const EPHEMERAL_CONSUMER = 'ephemeral:';

/** Commands of every instance of a service share one queue group, so each request is answered once. */
const COMMAND_QUEUE = 'commands';
/** Messages a durable consumer pulls ahead of its handler; small so that instances share the work. */
const PULL_BATCH = 16;

type Reply = { ok: true; value: unknown } | { ok: false; error: SerializedAppError | null };

interface LocalSubscription {
  stopped: boolean;
  messages?: ConsumerMessages;
  /** Resolves once the consumer exists and is being read (or the subscription stopped). */
  ready: Promise<void>;
  markReady: () => void;
  running?: Promise<void>;
}

/** How one kind of subscription opens its consumer and handles (or hands back) a message. */
interface ConsumerLoop {
  open: () => Promise<ConsumerMessages>;
  deliver: (message: JsMsg) => Promise<void>;
  /** For a message buffered locally when the subscription stopped. */
  release: (message: JsMsg) => void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The bus of the distributed mode. Events go to one JetStream stream: each consumer group is a
 * durable pull consumer shared by every process that runs it (at least once, explicit acks,
 * redelivery with backoff), and an `ephemeral:` group is an ordered consumer seeing every new
 * event in this process only. Commands are core NATS request/reply in a queue group.
 */
export class NatsBus implements Bus {
  private readonly subscriptions = new Set<LocalSubscription>();
  private readonly pendingReplies = new Set<Promise<void>>();
  private readonly handled = new Map<string, Subscription>();
  private readonly subjectPrefix: string;
  private readonly commandPrefix: string;
  private readonly maxDeliver: number;
  private readonly ackWaitMs: number;
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly logger: Logger,
    options: NatsBusOptions,
  ) {
    this.subjectPrefix = options.subjectPrefix ?? 'events';
    this.commandPrefix = options.commandPrefix ?? 'commands';
    this.maxDeliver = options.maxDeliver ?? 8;
    this.ackWaitMs = options.ackWaitMs ?? 30_000;
  }

  /** Connects (reconnecting forever once connected) and creates or updates the event stream. */
  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const logger = options.logger.child({ component: 'nats-bus' });
    const nc = await connect({ servers: options.url, name: options.name, maxReconnectAttempts: -1 });
    try {
      const jsm = await nc.jetstreamManager();
      const stream = options.stream ?? 'WALLET_EVENTS';
      await ensureStream(jsm, {
        name: stream,
        subjects: [`${options.subjectPrefix ?? 'events'}.>`],
        storage: StorageType.File,
        duplicate_window: nanos(options.duplicateWindowMs ?? 5 * 60_000),
        max_age: nanos(options.maxAgeMs ?? 7 * 24 * 3_600_000),
      });
      const bus = new NatsBus(nc, nc.jetstream(), jsm, stream, logger, options);
      bus.watchConnection();
      return bus;
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  async publish(event: EventEnvelope): Promise<void> {
    // Unlike the in-process bus this throws when closed, so an outbox row stays unpublished.
    if (this.closed) throw new Error('The NATS bus is closed');
    const subject = `${this.subjectPrefix}.${subjectToken(event.type)}`;
    await this.js.publish(subject, encoder.encode(JSON.stringify(event)), { msgID: event.id });
  }

  subscribe(pattern: string, consumer: string, handler: EventHandler): () => void {
    const filter = this.filterSubject(pattern);
    let markReady = () => {};
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const subscription: LocalSubscription = { stopped: false, ready, markReady };
    const loop = consumer.startsWith(EPHEMERAL_CONSUMER)
      ? this.ephemeralLoop(filter, consumer, handler)
      : this.durableLoop(filter, consumer, durableName(consumer, pattern), handler);
    subscription.running = this.consumeUntilStopped(subscription, consumer, loop);
    this.subscriptions.add(subscription);
    return () => this.stop(subscription);
  }

  /** Resolves once every subscription made so far is consuming; ephemeral ones see events from then on. */
  async ready(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.ready));
  }

  async request<Request, Result>(
    command: Command<Request, Result>,
    payload: Request,
    options: { timeoutMs?: number } = {},
  ): Promise<Result> {
    if (this.closed) throw new CommandUnavailable(`No service answers ${command.subject}`);
    let message: Msg;
    try {
      message = await this.nc.request(
        `${this.commandPrefix}.${command.subject}`,
        encoder.encode(JSON.stringify(payload)),
        { timeout: options.timeoutMs ?? 10_000 },
      );
    } catch (error) {
      throw unavailable(command.subject, error);
    }
    const reply = JSON.parse(decoder.decode(message.data)) as Reply;
    if (reply.ok) return reply.value as Result;
    if (reply.error) throw revive(reply.error);
    throw new CommandUnavailable(`${command.subject} failed`);
  }

  handle<Request, Result>(
    command: Command<Request, Result>,
    handler: (payload: Request) => Promise<Result>,
  ): () => void {
    if (this.handled.has(command.subject)) throw new Error(`${command.subject} already has a handler`);
    const subscription = this.nc.subscribe(`${this.commandPrefix}.${command.subject}`, {
      queue: COMMAND_QUEUE,
      callback: (error, message) => {
        if (error)
          return this.logger.error({ err: error, subject: command.subject }, 'command subscription failed');
        const answering = this.answer(handler as (payload: unknown) => Promise<unknown>, message);
        this.pendingReplies.add(answering);
        void answering.finally(() => this.pendingReplies.delete(answering));
      },
    });
    this.handled.set(command.subject, subscription);
    return () => {
      subscription.unsubscribe();
      this.handled.delete(command.subject);
    };
  }

  /** Stops consuming, lets handlers under way finish and reply, then drains the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const running = [...this.subscriptions];
    running.forEach((subscription) => this.stop(subscription));
    await Promise.allSettled(running.map((subscription) => subscription.running));
    // No new requests reach this instance; the ones already here are answered before the connection goes.
    await Promise.allSettled([...this.handled.values()].map((subscription) => subscription.drain()));
    while (this.pendingReplies.size) await Promise.allSettled([...this.pendingReplies]);
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  /** `payment.*` -> `events.payment.>`, `account.frozen` -> `events.account.frozen`, `*` -> `events.>`. */
  private filterSubject(pattern: string): string {
    if (pattern === '*') return `${this.subjectPrefix}.>`;
    if (pattern.endsWith('.*')) return `${this.subjectPrefix}.${subjectToken(pattern.slice(0, -2))}.>`;
    return `${this.subjectPrefix}.${subjectToken(pattern)}`;
  }

  private async answer(handler: (payload: unknown) => Promise<unknown>, message: Msg): Promise<void> {
    let reply: Reply;
    try {
      const value = await handler(JSON.parse(decoder.decode(message.data)));
      reply = { ok: true, value: value ?? null };
    } catch (error) {
      if (!(error instanceof AppError))
        this.logger.error({ err: error, subject: message.subject }, 'command handler failed');
      reply = { ok: false, error: error instanceof AppError ? error.toJSON() : null };
    }
    if (!message.respond(encoder.encode(JSON.stringify(reply)))) {
      this.logger.warn({ subject: message.subject }, 'command had no reply subject');
    }
  }

  /** Stops reading locally; the durable consumer stays on the server for the group's other members. */
  private stop(subscription: LocalSubscription): void {
    subscription.stopped = true;
    subscription.messages?.stop();
    subscription.markReady();
    this.subscriptions.delete(subscription);
  }

  private durableLoop(
    filter: string,
    consumer: string,
    durable: string,
    handler: EventHandler,
  ): ConsumerLoop {
    return {
      open: async () => {
        // DeliverPolicy.All: a group created after events were published still gets them (a
        // service deployed later, a new consumer); the stream's max_age bounds the backlog and
        // consumers de-duplicate by event id, so a replay is harmless.
        await ensureConsumer(this.jsm, this.stream, {
          durable_name: durable,
          description: `${consumer} on ${filter}`,
          filter_subject: filter,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          ack_wait: nanos(this.ackWaitMs),
          max_deliver: this.maxDeliver,
        });
        const source = await this.js.consumers.get(this.stream, durable);
        return source.consume({ max_messages: PULL_BATCH });
      },
      deliver: (message) => this.deliverDurable(message, consumer, handler),
      // Buffered but not handled: hand it straight back so another member takes it now.
      release: (message) => message.nak(),
    };
  }

  private ephemeralLoop(filter: string, consumer: string, handler: EventHandler): ConsumerLoop {
    return {
      open: async () => {
        const source = await this.js.consumers.get(this.stream, {
          filterSubjects: filter,
          deliver_policy: DeliverPolicy.New,
        });
        return source.consume({ max_messages: PULL_BATCH });
      },
      deliver: (message) => this.deliverWithRetries(message, consumer, handler),
      release: () => {},
    };
  }

  /** Runs the consume loop, opening it again after a failure, until the subscription stops. */
  private async consumeUntilStopped(
    subscription: LocalSubscription,
    consumer: string,
    loop: ConsumerLoop,
  ): Promise<void> {
    while (!subscription.stopped && !this.closed) {
      try {
        const messages = await loop.open();
        subscription.messages = messages;
        subscription.markReady();
        if (subscription.stopped) messages.stop();
        for await (const message of messages) {
          if (subscription.stopped) loop.release(message);
          else await loop.deliver(message);
        }
      } catch (error) {
        if (!subscription.stopped && !this.closed)
          this.logger.error({ err: error, consumer }, 'event consumer failed');
      }
      if (subscription.stopped || this.closed) break;
      this.logger.warn({ consumer }, 'event consumer ended; opening it again');
      await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
    }
    subscription.markReady();
  }

  private async deliverDurable(message: JsMsg, consumer: string, handler: EventHandler): Promise<void> {
    const event = parseEvent(message);
    if (!event) {
      this.logger.error({ subject: message.subject, consumer }, 'event is not JSON; dropped');
      return message.term();
    }
    const attempt = message.info.deliveryCount;
    // Keeps a slow handler's delivery from timing out and running twice at once.
    const keepAlive = setInterval(() => message.working(), Math.max(this.ackWaitMs / 3, 100)).unref();
    try {
      await handler(event);
      clearInterval(keepAlive);
      await message.ackAck();
    } catch (error) {
      clearInterval(keepAlive);
      const context = { err: error, eventId: event.id, type: event.type, consumer, attempt };
      if (attempt >= this.maxDeliver) {
        this.logger.error(context, 'event dropped after repeated failures');
        message.term();
      } else {
        this.logger.warn(context, 'event handler failed');
        message.nak(backoffMs(attempt));
      }
    }
  }

  /** An ordered consumer cannot nak: a failing handler is retried here, as the in-process bus does. */
  private async deliverWithRetries(message: JsMsg, consumer: string, handler: EventHandler): Promise<void> {
    const event = parseEvent(message);
    if (!event)
      return this.logger.error({ subject: message.subject, consumer }, 'event is not JSON; dropped');
    for (let attempt = 1; attempt <= this.maxDeliver; attempt++) {
      try {
        return await handler(event);
      } catch (error) {
        this.logger.warn(
          { err: error, eventId: event.id, type: event.type, consumer, attempt },
          'event handler failed',
        );
        if (this.closed) return;
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)).unref());
      }
    }
    this.logger.error(
      { eventId: event.id, type: event.type, consumer },
      'event dropped after repeated failures',
    );
  }

  private watchConnection(): void {
    void (async () => {
      for await (const status of this.nc.status()) {
        if (status.type === 'disconnect' || status.type === 'error')
          this.logger.warn({ status }, 'NATS connection');
        if (status.type === 'reconnect') this.logger.info({ server: status.data }, 'NATS reconnected');
      }
    })();
    void this.nc.closed().then((error) => {
      if (error) this.logger.error({ err: error }, 'NATS connection closed');
    });
  }
}

/**
 * A durable name unique per group and pattern (a group may follow several patterns, each its
 * own consumer), made of the characters NATS allows, with a hash so that sanitising never merges two.
 */
export function durableName(consumer: string, pattern: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');
  const hash = createHash('sha256').update(`${consumer}\n${pattern}`).digest('hex').slice(0, 8);
  return `${safe(consumer)}__${pattern === '*' ? 'all' : safe(pattern)}_${hash}`;
}

/** An event type or pattern as subject tokens: non-empty, no wildcards or whitespace. */
function subjectToken(type: string): string {
  if (!/^[^\s.*>]+(\.[^\s.*>]+)*$/.test(type)) throw new Error(`"${type}" cannot be a NATS subject`);
  return type;
}

function backoffMs(attempt: number): number {
  return Math.min(100 * 2 ** (attempt - 1), 10_000);
}

function parseEvent(message: JsMsg): EventEnvelope | undefined {
  try {
    return JSON.parse(decoder.decode(message.data)) as EventEnvelope;
  } catch {
    return undefined;
  }
}

function unavailable(subject: string, error: unknown): Error {
  if (!(error instanceof NatsError)) return error as Error;
  if (error.code === ErrorCode.NoResponders) return new CommandUnavailable(`No service answers ${subject}`);
  if (error.code === ErrorCode.Timeout) return new CommandUnavailable(`${subject} did not answer in time`);
  if (error.code === ErrorCode.ConnectionClosed || error.code === ErrorCode.ConnectionDraining) {
    return new CommandUnavailable(`No service answers ${subject}: the bus is closed`);
  }
  return error;
}

/** Creates the stream, or brings an existing one to this configuration (its storage cannot change). */
async function ensureStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add(config);
      return;
    } catch (raced) {
      // Another process created it between the two calls: fall through to the update.
      if (!(raced instanceof NatsError) || !raced.isJetStreamError()) throw raced;
    }
  }
  await jsm.streams.update(config.name, config);
}

/** Creates the durable consumer; if it exists with other settings, updates the ones NATS allows. */
async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  config: Parameters<JetStreamManager['consumers']['add']>[1] & { durable_name: string },
): Promise<void> {
  try {
    await jsm.consumers.add(stream, config);
  } catch (error) {
    if (!(error instanceof NatsError) || !error.isJetStreamError()) throw error;
    await jsm.consumers.update(stream, config.durable_name, {
      description: config.description,
      ack_wait: config.ack_wait,
      max_deliver: config.max_deliver,
    });
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof NatsError && error.api_error?.code === 404;
}
