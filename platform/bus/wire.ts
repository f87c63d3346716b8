import { AppError, revive, type SerializedAppError } from '../errors';
import type { Logger } from '../logger';
import { CommandUnavailable, type CommandHandler } from './bus';
import {
  MalformedMessage,
  parseMessage,
  type CommandContract,
  type DeliveredEvent,
  type EventContract,
  type EventEnvelope,
  type MessagePart,
  type ReplyOf,
} from './contract';

// How messages look on the wire, the same for every bus: what one side encodes, the other
// decodes and parses with the contract.

/** A command's answer as it travels. */
type ReplyWire =
  | { ok: true; value: unknown }
  | { ok: false; error: SerializedAppError }
  | { ok: false; malformed: { contract: string; part: MessagePart; issue: string } }
  | { ok: false; failed: true };

/**
 * Answers one command message: parses the request with the contract, runs the handler and
 * encodes what it returned or threw. Never throws: an unexpected failure is logged here and
 * travels as `failed`, so the caller learns the outcome is unknown.
 */
export async function answerCommand<C extends CommandContract>(
  command: C,
  handler: CommandHandler<C>,
  wire: string,
  logger: Logger,
): Promise<string> {
  let reply: ReplyWire;
  try {
    const payload = parseMessage<C['request']>(command.request, JSON.parse(wire), command.subject, 'request');
    reply = { ok: true, value: (await handler(payload)) ?? null };
  } catch (error) {
    if (error instanceof AppError) reply = { ok: false, error: error.toJSON() };
    else if (error instanceof MalformedMessage) {
      logger.error({ err: error, subject: command.subject }, 'malformed command');
      reply = { ok: false, malformed: { contract: error.contract, part: error.part, issue: error.issue } };
    } else {
      logger.error({ err: error, subject: command.subject }, 'command handler failed');
      reply = { ok: false, failed: true };
    }
  }
  return JSON.stringify(reply);
}

/** Decodes a command's answer: the reply parsed with the contract, or the error it carries. */
export function readReply<C extends CommandContract>(command: C, wire: string): ReplyOf<C> {
  const reply = JSON.parse(wire) as ReplyWire;
  if (reply.ok) return parseMessage<C['reply']>(command.reply, reply.value, command.subject, 'reply');
  if ('error' in reply) throw revive(reply.error);
  if ('malformed' in reply) {
    const { contract, part, issue } = reply.malformed;
    throw new MalformedMessage(contract, part, issue);
  }
  throw new CommandUnavailable(command.subject, 'failed');
}

/**
 * Decodes one delivery for a subscription: undefined when its type is not one the subscription
 * wants (a broker filter may be wider), MalformedMessage when it does not match its contract.
 */
export function decodeEvent<E extends EventContract>(
  contracts: ReadonlyMap<string, E>,
  wire: string,
): DeliveredEvent<E> | undefined {
  let envelope: EventEnvelope;
  try {
    envelope = JSON.parse(wire) as EventEnvelope;
  } catch {
    throw new MalformedMessage('event', 'event', 'not JSON');
  }
  const contract = contracts.get(envelope?.type);
  if (!contract) return undefined;
  if (typeof envelope.id !== 'string' || typeof envelope.occurredAt !== 'string') {
    throw new MalformedMessage(contract.type, 'event', 'the envelope has no id or time');
  }
  const data = parseMessage(contract.data, envelope.data, contract.type, 'event');
  return { ...envelope, data } as DeliveredEvent<E>;
}
