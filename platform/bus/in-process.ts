import { AsyncResource } from 'node:async_hooks';
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
import {
  MalformedMessage,
  type CommandContract,
  type EventContract,
  type ReplyOf,
  type RequestOf,
} from './contract';
import { answerCommand, decodeEvent, readReply } from './wire';

interface Subscription {
  contracts: ReadonlyMap<string, EventContract>;
  consumer: string;
  handler: EventHandler<EventContract>;
}

/** How many times a failing event handler is tried before the event is logged as dead. */
const MAX_ATTEMPTS = 8;
/** How long a command waits for its answer unless the caller says otherwise. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

/**
 * The bus of the embedded mode: every service in one Node process. Messages are copied
 * through JSON as they would be on a wire and parsed with their contracts on arrival, so
 * nothing can depend on sharing objects, and event delivery is asynchronous and retried like a
 * broker's.
 */
export class InProcessBus implements Bus {
  private readonly subscriptions = new Set<Subscription>();
  private readonly handlers = new Map<string, (wire: string) => Promise<string>>();
  private readonly pending = new Set<Promise<void>>();
  /**
   * The async context deliveries and command handlers run in: the bus's own, never the
   * caller's, as across a broker. A caller's context may hold its open transaction (the relay
   * publishes inside one), and a handler's `em.transactional` would otherwise find it and run
   * in the caller's database.
   */
  private readonly scope = new AsyncResource('InProcessBus.delivery');
  private closed = false;

  constructor(
    private readonly logger: Logger,
    private readonly options: { commandTimeoutMs?: number } = {},
  ) {}

  async publish(event: RecordedEvent): Promise<void> {
    if (this.closed) return;
    for (const subscription of this.subscriptions) {
      if (!subscription.contracts.has(event.type)) continue;
      this.track(this.scope.runInAsyncScope(() => this.deliver(subscription, event.payload)));
    }
  }

  subscribe<E extends EventContract>(
    events: E | readonly E[],
    consumer: string,
    handler: EventHandler<E>,
  ): () => void {
    const subscription: Subscription = {
      contracts: byType(events),
      consumer,
      handler: handler as EventHandler<EventContract>,
    };
    this.subscriptions.add(subscription);
    return () => this.subscriptions.delete(subscription);
  }

  async request<C extends CommandContract>(
    command: C,
    payload: RequestOf<C>,
    options: RequestOptions = {},
  ): Promise<ReplyOf<C>> {
    if (this.closed) throw new CommandUnavailable(command.subject, 'closed');
    const answer = this.handlers.get(command.subject);
    if (!answer) throw new CommandUnavailable(command.subject, 'no-responder');
    const reply = await withTimeout(
      this.scope.runInAsyncScope(() => answer(JSON.stringify(payload))),
      options.timeoutMs ?? this.options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      () => new CommandUnavailable(command.subject, 'timeout'),
    );
    return readReply(command, reply);
  }

  handle<C extends CommandContract>(command: C, handler: CommandHandler<C>): () => void {
    if (this.handlers.has(command.subject)) throw new Error(`${command.subject} already has a handler`);
    this.handlers.set(command.subject, (wire) => answerCommand(command, handler, wire, this.logger));
    return () => this.handlers.delete(command.subject);
  }

  /** Resolves once every delivery under way has finished; for shutdown and tests. */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
    this.subscriptions.clear();
    this.handlers.clear();
  }

  private async deliver(subscription: Subscription, wire: string): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // Delivery never runs inside the publisher's call, as with a broker.
      await Promise.resolve();
      let event;
      try {
        event = decodeEvent(subscription.contracts, wire);
      } catch (error) {
        if (!(error instanceof MalformedMessage)) throw error;
        this.logger.error({ err: error, consumer: subscription.consumer }, 'malformed event dropped');
        return;
      }
      if (!event) return;
      try {
        await subscription.handler(event);
        return;
      } catch (error) {
        this.logger.warn(
          { err: error, eventId: event.id, type: event.type, consumer: subscription.consumer, attempt },
          'event handler failed',
        );
        if (this.closed) return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 5_000)).unref());
      }
    }
    this.logger.error({ wire, consumer: subscription.consumer }, 'event dropped after repeated failures');
  }

  private track(delivery: Promise<void>): void {
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
