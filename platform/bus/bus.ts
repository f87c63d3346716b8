/** An event as it travels on the bus: something that happened, with the id consumers de-duplicate on. */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  /** The subgraph that recorded it. */
  source: string;
  occurredAt: string;
  data: T;
}

/** Handles one delivery of an event; throwing asks the bus to deliver it again later. */
export type EventHandler = (event: EventEnvelope) => Promise<void>;

/** Answers one command; throwing an AppError sends its code back to the caller. */
export type CommandHandler = (payload: unknown) => Promise<unknown>;

/** A command's name and, for the type checker only, the shapes it carries. */
export interface Command<Request, Reply> {
  subject: string;
  /** Phantom fields: never set, they only carry the types. */
  readonly _request?: Request;
  readonly _reply?: Reply;
}

/** Names a command once so that both sides agree on the subject and the payload types. */
export function command<Request, Reply>(subject: string): Command<Request, Reply> {
  return { subject };
}

/**
 * The one messaging interface every service uses: events (publish/subscribe, at least once)
 * and commands (request/reply, answered by one handler). Payloads must survive JSON, so
 * amounts travel as strings of minor units.
 */
export interface Bus {
  publish(event: EventEnvelope): Promise<void>;
  /**
   * Delivers every event whose type matches `pattern` (exact, or a prefix ending in `.*`, or
   * `*`) once per `consumer` group, however many processes run that consumer.
   */
  subscribe(pattern: string, consumer: string, handler: EventHandler): () => void;
  request<Request, Reply>(
    command: Command<Request, Reply>,
    payload: Request,
    options?: { timeoutMs?: number },
  ): Promise<Reply>;
  handle<Request, Reply>(
    command: Command<Request, Reply>,
    handler: (payload: Request) => Promise<Reply>,
  ): () => void;
  close(): Promise<void>;
}

/** Whether an event type matches a subscription pattern. */
export function matches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
