import type { ExecutionResult } from 'graphql';
import type { GatewayContext } from '../auth';
import { eventsDelivered, openSubscriptions } from './metrics';

/** How much one subscriber may have waiting to be sent, and what to do past it. */
export interface SubscriberLimits {
  maxEvents: number;
  maxBytes: number;
}

/** What a subscriber's connection offers it: bytes not yet written out, and how to end it. */
export interface SubscriberConnection {
  bufferedBytes(): number;
  /** The client cannot keep up: close its connection (4413). */
  tooSlow(): void;
  /** Its token has expired: close its connection (4401) before anything else is sent. */
  expired(): void;
}

interface Waiting {
  position: bigint;
  result: ExecutionResult;
  bytes: number;
}

/**
 * One client's subscription: an async iterator of results that graphql-ws sends, fed by its
 * source (live) and by its replay. Events are delivered in position order, each once: while the
 * replay runs, live events wait, and afterwards only those past the replay's last are sent. The
 * buffer is bounded by count and bytes; a client that lets it fill is closed, never waited for.
 */
export class Subscriber implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: Waiting[] = [];
  private readonly heldLive: Waiting[] = [];
  private queuedBytes = 0;
  private replaying: boolean;
  private done = false;
  private wake?: () => void;
  private roomWaiters: (() => void)[] = [];
  /** The newest position delivered (or, for a live-only subscriber, where it started). */
  private last: bigint;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    readonly context: GatewayContext,
    readonly expiresAt: number,
    start: bigint,
    replay: boolean,
    private readonly limits: SubscriberLimits,
    private readonly connection: SubscriberConnection,
  ) {
    this.last = start;
    this.replaying = replay;
    openSubscriptions.inc();
  }

  get closed(): boolean {
    return this.done;
  }

  /** Runs when the subscription ends, however it ends. */
  onClose(cleanup: () => void): void {
    if (this.done) cleanup();
    else this.cleanups.push(cleanup);
  }

  /** A live event from the source. */
  live(position: bigint, result: ExecutionResult): void {
    if (this.done) return;
    const waiting = { position, result, bytes: sizeOf(result) };
    if (this.replaying) {
      this.heldLive.push(waiting);
      this.checkLimits(waiting.bytes);
    } else this.enqueue(waiting);
  }

  /** An event of the replay, in order. */
  replayed(position: bigint, result: ExecutionResult): void {
    if (!this.done) this.enqueue({ position, result, bytes: sizeOf(result) });
  }

  /** The replay reached `position`: nothing up to it is sent again; live events follow. */
  replayDone(position: bigint): void {
    if (position > this.last) this.last = position;
    this.replaying = false;
    for (const waiting of this.heldLive.splice(0)) this.enqueue(waiting);
  }

  /** Resolves when the buffer has room for more replayed events (at most half full). */
  room(): Promise<void> {
    if (this.done || this.queue.length <= this.limits.maxEvents / 2) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    while (!this.done && this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.done) return { value: undefined, done: true };
    if (Date.now() >= this.expiresAt) {
      this.connection.expired();
      this.end();
      return { value: undefined, done: true };
    }
    const waiting = this.queue.shift()!;
    this.queuedBytes -= waiting.bytes;
    if (this.queue.length <= this.limits.maxEvents / 2)
      for (const resolve of this.roomWaiters.splice(0)) resolve();
    eventsDelivered.inc();
    return { value: waiting.result, done: false };
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.end();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.end();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Ends the subscription: nothing more is sent; its sources forget it. */
  end(): void {
    if (this.done) return;
    this.done = true;
    openSubscriptions.dec();
    this.wake?.();
    for (const resolve of this.roomWaiters.splice(0)) resolve();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private enqueue(waiting: Waiting): void {
    if (waiting.position <= this.last) return;
    this.last = waiting.position;
    this.queue.push(waiting);
    this.queuedBytes += waiting.bytes;
    if (!this.checkLimits(0)) return;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Closes a client past its limits; false when it was closed. */
  private checkLimits(extraBytes: number): boolean {
    const events = this.queue.length + this.heldLive.length;
    const bytes = this.queuedBytes + extraBytes + this.connection.bufferedBytes();
    if (events <= this.limits.maxEvents && bytes <= this.limits.maxBytes) return true;
    this.connection.tooSlow();
    this.end();
    return false;
  }
}

/** Sizes by result: a source's result goes to all its subscribers and is measured once. */
const sizes = new WeakMap<ExecutionResult, number>();

function sizeOf(result: ExecutionResult): number {
  let size = sizes.get(result);
  if (size === undefined) sizes.set(result, (size = Buffer.byteLength(JSON.stringify(result))));
  return size;
}
