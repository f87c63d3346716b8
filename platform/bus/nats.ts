import { readFileSync } from 'node:fs';
import {
  connect,
  credsAuthenticator,
  ErrorCode,
  nkeyAuthenticator,
  NatsError,
  nanos,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type ConnectionOptions,
  type Msg,
  type NatsConnection,
  type Subscription,
} from 'nats';
import type { Logger } from '../logger';
import {
  byType,
  CommandUnavailable,
  type Bus,
  type CommandHandler,
  type EventHandler,
  type RecordedEvent,
  type RequestOptions,
} from './bus';
import type { CommandContract, EventContract, ReplyOf, RequestOf } from './contract';
import { DEFAULT_COMMAND_TIMEOUT_MS } from './in-process';
import { startConsumer, stopConsumer, type ConsumerHost, type LocalSubscription } from './nats-consumers';
import { NatsEventLog } from './nats-event-log';
import { ensureStream, filterSubject, subjectToken } from './nats-streams';
import { answerCommand, readReply } from './wire';

export { durableName } from './nats-streams';

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
  /** How long a command waits for its answer unless the caller says otherwise. */
  commandTimeoutMs?: number;
  /** How this process proves itself to the server, and TLS; production requires credentials. */
  credentials?: NatsCredentials;
}

/** A NATS user and password, a token, a `.creds` file or an NKey seed; and TLS files. */
export interface NatsCredentials {
  user?: string;
  password?: string;
  token?: string;
  credsFile?: string;
  nkeySeed?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

/** The connection options that carry the credentials. */
function authOptions(credentials: NatsCredentials = {}): Partial<ConnectionOptions> {
  const { user, password, token, credsFile, nkeySeed, tls } = credentials;
  const encoder = new TextEncoder();
  return {
    ...(user ? { user, pass: password } : {}),
    ...(token ? { token } : {}),
    ...(credsFile ? { authenticator: credsAuthenticator(readFileSync(credsFile)) } : {}),
    ...(nkeySeed ? { authenticator: nkeyAuthenticator(encoder.encode(nkeySeed)) } : {}),
    ...(tls ? { tls } : {}),
  };
}

/** Commands of every instance of a service share one queue group, so each request is answered once. */
const COMMAND_QUEUE = 'commands';

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
  private readonly host: ConsumerHost;
  private readonly commandTimeoutMs: number;
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    js: JetStreamClient,
    jsm: JetStreamManager,
    stream: string,
    private readonly logger: Logger,
    options: NatsBusOptions,
  ) {
    this.subjectPrefix = options.subjectPrefix ?? 'events';
    this.commandPrefix = options.commandPrefix ?? 'commands';
    this.commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.host = {
      js,
      jsm,
      stream,
      logger,
      maxDeliver: options.maxDeliver ?? 8,
      ackWaitMs: options.ackWaitMs ?? 30_000,
      isClosed: () => this.closed,
    };
  }

  /** Connects (reconnecting forever once connected) and creates or updates the event stream. */
  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const logger = options.logger;
    const nc = await connect({
      servers: options.url,
      name: options.name,
      maxReconnectAttempts: -1,
      ...authOptions(options.credentials),
    });
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

  async publish(event: RecordedEvent): Promise<void> {
    // Unlike the in-process bus this throws when closed, so an outbox row stays unpublished.
    if (this.closed) throw new Error('The NATS bus is closed');
    const subject = `${this.subjectPrefix}.${subjectToken(event.type)}`;
    await this.host.js.publish(subject, encoder.encode(event.payload), { msgID: event.id });
  }

  subscribe<E extends EventContract>(
    events: E | readonly E[],
    consumer: string,
    handler: EventHandler<E>,
  ): () => void {
    const contracts = byType(events);
    const filter = filterSubject(this.subjectPrefix, [...contracts.keys()]);
    const subscription = startConsumer(
      this.host,
      filter,
      contracts,
      consumer,
      handler as EventHandler<EventContract>,
    );
    this.subscriptions.add(subscription);
    return () => {
      stopConsumer(subscription);
      this.subscriptions.delete(subscription);
    };
  }

  /** A log of every event on the stream, followed from now on; positions are stream sequences. */
  async eventLog(): Promise<NatsEventLog> {
    const log = new NatsEventLog(
      this.host.js,
      this.host.jsm,
      this.host.stream,
      `${this.subjectPrefix}.>`,
      this.logger.child({ component: 'event-log' }),
    );
    await log.start();
    return log;
  }

  /**
   * Resolves once the server knows every command handler registered so far and every
   * subscription is consuming; ephemeral ones see events from then on.
   */
  async ready(): Promise<void> {
    await this.nc.flush();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.ready));
  }

  async request<C extends CommandContract>(
    command: C,
    payload: RequestOf<C>,
    options: RequestOptions = {},
  ): Promise<ReplyOf<C>> {
    if (this.closed) throw new CommandUnavailable(command.subject, 'closed');
    let message: Msg;
    try {
      message = await this.nc.request(
        `${this.commandPrefix}.${command.subject}`,
        encoder.encode(JSON.stringify(payload)),
        { timeout: options.timeoutMs ?? this.commandTimeoutMs },
      );
    } catch (error) {
      throw unavailable(command.subject, error);
    }
    return readReply(command, decoder.decode(message.data));
  }

  handle<C extends CommandContract>(command: C, handler: CommandHandler<C>): () => void {
    if (this.handled.has(command.subject)) throw new Error(`${command.subject} already has a handler`);
    const subscription = this.nc.subscribe(`${this.commandPrefix}.${command.subject}`, {
      queue: COMMAND_QUEUE,
      callback: (error, message) => {
        if (error)
          return this.logger.error({ err: error, subject: command.subject }, 'command subscription failed');
        const answering = this.answer(command, handler, message);
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
    running.forEach(stopConsumer);
    this.subscriptions.clear();
    await Promise.allSettled(running.map((subscription) => subscription.running));
    // No new requests reach this instance; the ones already here are answered before the connection goes.
    await Promise.allSettled([...this.handled.values()].map((subscription) => subscription.drain()));
    while (this.pendingReplies.size) await Promise.allSettled([...this.pendingReplies]);
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  private async answer<C extends CommandContract>(
    command: C,
    handler: CommandHandler<C>,
    message: Msg,
  ): Promise<void> {
    const reply = await answerCommand(command, handler, decoder.decode(message.data), this.logger);
    if (!message.respond(encoder.encode(reply))) {
      this.logger.warn({ subject: message.subject }, 'command had no reply subject');
    }
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

function unavailable(subject: string, error: unknown): Error {
  if (!(error instanceof NatsError)) return error as Error;
  if (error.code === ErrorCode.NoResponders) return new CommandUnavailable(subject, 'no-responder');
  if (error.code === ErrorCode.Timeout) return new CommandUnavailable(subject, 'timeout');
  if (error.code === ErrorCode.ConnectionClosed || error.code === ErrorCode.ConnectionDraining) {
    return new CommandUnavailable(subject, 'closed');
  }
  return error;
}
