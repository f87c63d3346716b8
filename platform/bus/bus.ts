import type {
  CommandContract,
  DeliveredEvent,
  EventContract,
  ParsedRequestOf,
  ReplyInputOf,
  ReplyOf,
  RequestOf,
} from './contract';

/** Handles one delivery of an event; throwing asks the bus to deliver it again later. */
export type EventHandler<E extends EventContract> = (event: DeliveredEvent<E>) => Promise<void>;

/** Answers one command; throwing an AppError sends its code back to the caller. */
export type CommandHandler<C extends CommandContract> = (
  payload: ParsedRequestOf<C>,
) => Promise<ReplyInputOf<C>>;

/** An event as an outbox holds it: its id and type beside the envelope's JSON. */
export interface RecordedEvent {
  id: string;
  type: string;
  /** The `EventEnvelope`, as JSON. */
  payload: string;
}

/** Options of one request. */
export interface RequestOptions {
  /** How long to wait for the answer (default: the bus's own). */
  timeoutMs?: number;
}

/** Why a command got no answer. In every case its outcome is unknown: it may have been applied. */
export type UnavailableReason = 'no-responder' | 'timeout' | 'failed' | 'closed';

/**
 * Thrown to a caller whose command got no answer: nobody answers it, it did not answer in time,
 * or its handler failed unexpectedly. The caller must treat the outcome as unknown (undo what the
 * command may have done), never as a refusal.
 */
export class CommandUnavailable extends Error {
  constructor(
    readonly subject: string,
    readonly reason: UnavailableReason,
  ) {
    super(`${subject}: ${DESCRIPTIONS[reason]}`);
    this.name = 'CommandUnavailable';
  }
}

const DESCRIPTIONS: Record<UnavailableReason, string> = {
  'no-responder': 'no service answers it',
  timeout: 'did not answer in time',
  failed: 'its handler failed',
  closed: 'the bus is closed',
};

/** The prefix of a consumer group that wants every event in each process, from now on. */
export const EPHEMERAL_CONSUMER = 'ephemeral:';

/**
 * The one messaging interface every service uses: events (publish/subscribe, at least once)
 * and commands (request/reply, answered by one handler). Everything that crosses it is parsed
 * with the contracts' schemas on arrival.
 */
export interface Bus {
  /** Publishes an event recorded in an outbox (the relay calls this). */
  publish(event: RecordedEvent): Promise<void>;
  /**
   * Delivers every event of the given contracts, parsed, once per `consumer` group however many
   * processes run that consumer. A malformed event is logged and dropped, never retried.
   */
  subscribe<E extends EventContract>(
    events: E | readonly E[],
    consumer: string,
    handler: EventHandler<E>,
  ): () => void;
  request<C extends CommandContract>(
    command: C,
    payload: RequestOf<C>,
    options?: RequestOptions,
  ): Promise<ReplyOf<C>>;
  handle<C extends CommandContract>(command: C, handler: CommandHandler<C>): () => void;
  close(): Promise<void>;
}

/** The contracts of a subscription by type, for decoding its deliveries. */
export function byType<E extends EventContract>(events: E | readonly E[]): ReadonlyMap<string, E> {
  const list = (Array.isArray(events) ? events : [events]) as readonly E[];
  return new Map(list.map((event) => [event.type, event]));
}
