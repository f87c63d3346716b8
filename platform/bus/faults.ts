import {
  CommandUnavailable,
  type Bus,
  type CommandHandler,
  type EventHandler,
  type RecordedEvent,
  type RequestOptions,
} from './bus';
import type {
  CommandContract,
  EventContract,
  ParsedRequestOf,
  ReplyInputOf,
  ReplyOf,
  RequestOf,
} from './contract';

/**
 * Stands in front of a command's handler: it may delay the call, answer instead of the handler,
 * throw, or pass the (parsed) request on with `next`.
 */
export type Interceptor<C extends CommandContract> = (
  payload: ParsedRequestOf<C>,
  next: (payload: ParsedRequestOf<C>) => Promise<ReplyInputOf<C>>,
) => Promise<ReplyInputOf<C>>;

interface Installed {
  interceptor: Interceptor<CommandContract>;
  left: number;
}

/**
 * A bus with fault injection: every command handled through it can be intercepted on the
 * answering side (delayed, failed, answered late after the caller gave up), the way an outage
 * or a slow service behaves. Everything else passes straight to the bus it wraps. The embedded
 * graph runs on one, so scenario tests drive failures through this public seam.
 */
export class FaultInjectingBus implements Bus {
  private readonly interceptors = new Map<string, Installed[]>();

  constructor(readonly inner: Bus) {}

  /** Intercepts the next `times` calls of a command (every call when omitted); returns an undo. */
  intercept<C extends CommandContract>(
    command: C,
    interceptor: Interceptor<C>,
    options: { times?: number } = {},
  ): () => void {
    const installed: Installed = {
      interceptor: interceptor as unknown as Interceptor<CommandContract>,
      left: options.times ?? Infinity,
    };
    const list = this.interceptors.get(command.subject) ?? [];
    list.push(installed);
    this.interceptors.set(command.subject, list);
    return () => {
      const remaining = (this.interceptors.get(command.subject) ?? []).filter((entry) => entry !== installed);
      if (remaining.length) this.interceptors.set(command.subject, remaining);
      else this.interceptors.delete(command.subject);
    };
  }

  /** Delays the next `times` calls of a command by `ms` before its handler runs. */
  delay<C extends CommandContract>(command: C, ms: number, options: { times?: number } = {}): () => void {
    return this.intercept(
      command,
      async (payload, next) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return next(payload);
      },
      options,
    );
  }

  /**
   * Makes the next `times` calls of a command fail as an outage does: the handler does not run
   * and the caller learns nothing of the outcome (CommandUnavailable).
   */
  fail<C extends CommandContract>(command: C, options: { times?: number } = {}): () => void {
    return this.intercept(
      command,
      async () => {
        throw new CommandUnavailable(command.subject, 'failed');
      },
      options,
    );
  }

  publish(event: RecordedEvent): Promise<void> {
    return this.inner.publish(event);
  }

  subscribe<E extends EventContract>(
    events: E | readonly E[],
    consumer: string,
    handler: EventHandler<E>,
  ): () => void {
    return this.inner.subscribe(events, consumer, handler);
  }

  request<C extends CommandContract>(
    command: C,
    payload: RequestOf<C>,
    options?: RequestOptions,
  ): Promise<ReplyOf<C>> {
    return this.inner.request(command, payload, options);
  }

  handle<C extends CommandContract>(command: C, handler: CommandHandler<C>): () => void {
    return this.inner.handle(command, (payload) => {
      const installed = this.take(command.subject);
      if (!installed) return handler(payload);
      const next = handler as unknown as (payload: unknown) => Promise<unknown>;
      return installed.interceptor(payload, next) as Promise<ReplyInputOf<C>>;
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The interceptor of the next call, counting the call against its budget. */
  private take(subject: string): Installed | undefined {
    const installed = this.interceptors.get(subject)?.find((entry) => entry.left > 0);
    if (installed) installed.left -= 1;
    return installed;
  }
}
