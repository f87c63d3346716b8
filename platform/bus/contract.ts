import { z } from 'zod/v4';

/**
 * What a service offers on the bus, declared once in its `contract.ts`: each command with the
 * schema of its request and of its reply, and each event with the schema of its data and a
 * version. Both buses parse every message that crosses them with these schemas, so a caller
 * never casts what it receives and a handler never sees a payload it did not declare.
 *
 * A schema's input type is what travels (JSON: amounts as strings of minor units), its output
 * type what the receiving side works with (amounts as bigint).
 */

/** A command: answered by the one service that declares it, asked by any other. */
export interface CommandContract<Request extends z.ZodType = z.ZodType, Reply extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly request: Request;
  readonly reply: Reply;
}

/** Declares a command under its subject (`<service>.<verb>`). */
export function defineCommand<Request extends z.ZodType, Reply extends z.ZodType>(
  subject: string,
  schemas: { request: Request; reply: Reply },
): CommandContract<Request, Reply> {
  return { subject, request: schemas.request, reply: schemas.reply };
}

/** What a caller sends. */
export type RequestOf<C extends CommandContract> = z.input<C['request']>;
/** What a handler receives, parsed. */
export type ParsedRequestOf<C extends CommandContract> = z.output<C['request']>;
/** What a handler returns (it crosses as JSON). */
export type ReplyInputOf<C extends CommandContract> = z.input<C['reply']>;
/** What a caller receives, parsed. */
export type ReplyOf<C extends CommandContract> = z.output<C['reply']>;

/** An event: published by the one service that declares it, consumed by any other. */
export interface EventContract<Type extends string = string, Data extends z.ZodType = z.ZodType> {
  readonly type: Type;
  /** Raised when the data changes in a way an older consumer would misread. */
  readonly version: number;
  readonly data: Data;
}

/** Declares an event type (`<entity>.<what happened>`) with the version of its data. */
export function defineEvent<const Type extends string, Data extends z.ZodType>(
  type: Type,
  version: number,
  data: Data,
): EventContract<Type, Data> {
  return { type, version, data };
}

/** What a publisher writes for an event. */
export type EventDataInput<E extends EventContract> = z.input<E['data']>;
/** What a consumer receives for an event, parsed. */
export type EventData<E extends EventContract> = z.output<E['data']>;

/** An event as it travels on the bus: what happened, with the id consumers de-duplicate on. */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  version: number;
  /** The service that recorded it. */
  source: string;
  occurredAt: string;
  data: T;
}

/** An event of one of the contracts `E` as a consumer receives it: its data parsed, its type narrowed. */
export type DeliveredEvent<E extends EventContract> =
  E extends EventContract<infer Type, infer Data>
    ? Omit<EventEnvelope<z.output<Data>>, 'type'> & { type: Type }
    : never;

/** Which part of a message broke its contract. */
export type MessagePart = 'request' | 'reply' | 'event';

/**
 * A message that does not match its contract: a bug in whoever sent it, never the end user's
 * doing. It names the command or event and the first offending field, and is logged where it
 * is caught; clients only ever see it masked.
 */
export class MalformedMessage extends Error {
  constructor(
    /** The command's subject or the event's type. */
    readonly contract: string,
    readonly part: MessagePart,
    readonly issue: string,
  ) {
    super(`Malformed ${contract} ${part}: ${issue}`);
    this.name = 'MalformedMessage';
  }
}

/** Parses one message with its schema, or throws MalformedMessage naming the contract. */
export function parseMessage<S extends z.ZodType>(
  schema: S,
  value: unknown,
  contract: string,
  part: MessagePart,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [first] = result.error.issues;
  const where = first?.path.length ? `${first.path.join('.')}: ` : '';
  throw new MalformedMessage(contract, part, `${where}${first?.message ?? 'invalid'}`);
}

// ---- Field schemas every contract shares ------------------------------------------------------

/** Integer minor units as they travel (a string of at most 18 digits), parsed into a bigint. */
export const minorUnits = z.string().transform((value, context) => {
  if (!/^-?\d{1,18}$/.test(value)) {
    context.addIssue({ code: 'custom', message: 'must be a string of at most 18 digits of minor units' });
    return z.NEVER;
  }
  return BigInt(value);
});

/** An ISO 4217 currency code. */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code');

/** One of the graph's ids (or an id a caller chose, such as a hold id): bounded text. */
export const entityId = z.string().min(1).max(100);

/** An ISO-8601 instant. */
export const instant = z.iso.datetime({ offset: true });
