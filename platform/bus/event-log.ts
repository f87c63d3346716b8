/**
 * A durable, ordered log of events, as the gateway's subscriptions read it: each event has a
 * position that never changes and grows with the order events were logged, so a client that
 * names the last position it has can be given exactly what came after it.
 */

/** One event in the log: its position and the envelope (JSON) as the bus carried it. */
export interface LoggedEvent {
  position: bigint;
  type: string;
  /** The `EventEnvelope`, as JSON. */
  payload: string;
}

/** Called with each event logged from the moment of `follow`, in order. */
export type LogListener = (event: LoggedEvent) => void;

export interface EventLog {
  /**
   * Calls `listener` for every event logged after this call, in position order, and returns
   * how to stop. Together with `head()` this gives a seam without a gap: whatever `follow`
   * will deliver lies after the `head()` read right after it.
   */
  follow(listener: LogListener): () => void;
  /** The position of the newest event this process has seen logged (0 when none). */
  head(): bigint;
  /** Events after `after` and up to `upTo` (both positions), oldest first, at most `limit`. */
  read(after: bigint, upTo: bigint, limit: number): Promise<LoggedEvent[]>;
  /** The oldest position still kept (0 when the log is empty); older ones have been pruned. */
  oldest(): Promise<bigint>;
  close(): Promise<void>;
}

/** Where an append-only log keeps its events; positions are assigned by the store. */
export interface EventLogStore {
  /** Appends events in order; returns each one with its position (skips ids already logged). */
  append(events: readonly { id: string; type: string; payload: string }[]): Promise<LoggedEvent[]>;
  last(): Promise<bigint>;
  read(after: bigint, upTo: bigint, limit: number): Promise<LoggedEvent[]>;
  oldest(): Promise<bigint>;
  close(): Promise<void>;
}

/**
 * The log of a process that writes it itself (the embedded mode): events are appended in the
 * order they arrive, a batch per transaction while the previous one commits (group commit),
 * and listeners hear of them only once they are durable.
 */
export class AppendLog implements EventLog {
  private readonly listeners = new Set<LogListener>();
  private queue: { id: string; type: string; payload: string }[] = [];
  private writing?: Promise<void>;
  private newest: bigint;
  private closed = false;

  private constructor(
    private readonly store: EventLogStore,
    last: bigint,
    private readonly onError: (error: unknown) => void,
  ) {
    this.newest = last;
  }

  static async open(store: EventLogStore, onError: (error: unknown) => void): Promise<AppendLog> {
    return new AppendLog(store, await store.last(), onError);
  }

  /** Queues an event; it is written with the others that arrive while a batch commits. */
  append(event: { id: string; type: string; payload: string }): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.queue.push(event);
    if (!this.writing) this.writing = this.writeBatches();
    return this.writing;
  }

  follow(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  head(): bigint {
    return this.newest;
  }

  read(after: bigint, upTo: bigint, limit: number): Promise<LoggedEvent[]> {
    return this.store.read(after, upTo, limit);
  }

  oldest(): Promise<bigint> {
    return this.store.oldest();
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.writing) await this.writing.catch(() => undefined);
    this.listeners.clear();
    await this.store.close();
  }

  private async writeBatches(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue;
        this.queue = [];
        const logged = await this.store.append(batch);
        for (const event of logged) {
          this.newest = event.position;
          for (const listener of this.listeners) listener(event);
        }
      }
    } catch (error) {
      this.onError(error);
      throw error;
    } finally {
      this.writing = undefined;
    }
  }
}
