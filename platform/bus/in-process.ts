import { AppError, revive, type SerializedAppError } from '../errors';
import type { Logger } from '../logger';
import { matches, type Bus, type Command, type EventEnvelope, type EventHandler } from './bus';

/** Thrown to a caller whose command nobody answered in time or at all. */
export class CommandUnavailable extends Error {}

interface Subscription {
  pattern: string;
  consumer: string;
  handler: EventHandler;
}

type Reply = { ok: true; value: unknown } | { ok: false; error: SerializedAppError | null };

/** How many times a failing event handler is tried before the event is logged as dead. */
const MAX_ATTEMPTS = 8;

/**
 * The bus of the embedded mode: every service in one Node process. Messages are copied
 * through JSON as they would be on a wire, so nothing can depend on sharing objects, and
 * event delivery is asynchronous and retried like a broker's.
 */
export class InProcessBus implements Bus {
  private readonly subscriptions = new Set<Subscription>();
  private readonly handlers = new Map<string, (payload: unknown) => Promise<unknown>>();
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly logger: Logger) {}

  async publish(event: EventEnvelope): Promise<void> {
    if (this.closed) return;
    const wire = JSON.stringify(event);
    for (const subscription of this.subscriptions) {
      if (!matches(subscription.pattern, event.type)) continue;
      this.track(this.deliver(subscription, wire));
    }
  }

  subscribe(pattern: string, consumer: string, handler: EventHandler): () => void {
    const subscription = { pattern, consumer, handler };
    this.subscriptions.add(subscription);
    return () => this.subscriptions.delete(subscription);
  }

  async request<Request, Result>(
    command: Command<Request, Result>,
    payload: Request,
    options: { timeoutMs?: number } = {},
  ): Promise<Result> {
    const handler = this.handlers.get(command.subject);
    if (!handler || this.closed) throw new CommandUnavailable(`No service answers ${command.subject}`);
    const wire = JSON.stringify(payload);
    const reply = await withTimeout(
      this.answer(handler, wire),
      options.timeoutMs ?? 10_000,
      () => new CommandUnavailable(`${command.subject} did not answer in time`),
    );
    const parsed = JSON.parse(reply) as Reply;
    if (parsed.ok) return parsed.value as Result;
    if (parsed.error) throw revive(parsed.error);
    throw new CommandUnavailable(`${command.subject} failed`);
  }

  handle<Request, Result>(
    command: Command<Request, Result>,
    handler: (payload: Request) => Promise<Result>,
  ): () => void {
    if (this.handlers.has(command.subject)) throw new Error(`${command.subject} already has a handler`);
    this.handlers.set(command.subject, handler as (payload: unknown) => Promise<unknown>);
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

  private async answer(handler: (payload: unknown) => Promise<unknown>, wire: string): Promise<string> {
    try {
      const value = await handler(JSON.parse(wire));
      return JSON.stringify({ ok: true, value: value ?? null } satisfies Reply);
    } catch (error) {
      if (!(error instanceof AppError)) this.logger.error({ err: error }, 'command handler failed');
      const serialized = error instanceof AppError ? error.toJSON() : null;
      return JSON.stringify({ ok: false, error: serialized } satisfies Reply);
    }
  }

  private async deliver(subscription: Subscription, wire: string): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await Promise.resolve();
      try {
        await subscription.handler(JSON.parse(wire) as EventEnvelope);
        return;
      } catch (error) {
        const event = JSON.parse(wire) as EventEnvelope;
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
