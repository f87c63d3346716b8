import {
  AckPolicy,
  DeliverPolicy,
  nanos,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from 'nats';
import type { Logger } from '../logger';
import { EPHEMERAL_CONSUMER, type EventHandler } from './bus';
import { MalformedMessage, type EventContract } from './contract';
import { durableName, ensureConsumer } from './nats-streams';
import { decodeEvent } from './wire';

/** Messages a durable consumer pulls ahead of its handler; small so that instances share the work. */
const PULL_BATCH = 16;

const decoder = new TextDecoder();

/** What a consumer loop needs from the bus that runs it. */
export interface ConsumerHost {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  logger: Logger;
  maxDeliver: number;
  ackWaitMs: number;
  isClosed(): boolean;
}

/** One subscription of this process: its loop, and whether it is reading yet. */
export interface LocalSubscription {
  stopped: boolean;
  messages?: ConsumerMessages;
  /** Resolves once the consumer exists and is being read (or the subscription stopped). */
  ready: Promise<void>;
  markReady: () => void;
  running?: Promise<void>;
}

/** How one kind of subscription opens its consumer and handles (or hands back) a message. */
interface ConsumerLoop {
  open: () => Promise<ConsumerMessages>;
  deliver: (message: JsMsg) => Promise<void>;
  /** For a message buffered locally when the subscription stopped. */
  release: (message: JsMsg) => void;
}

/**
 * Starts reading a subscription: a durable pull consumer shared by every process of the group,
 * or (for an `ephemeral:` group) an ordered consumer of new events in this process only.
 * Deliveries are decoded with the subscription's contracts; a malformed one is dropped.
 */
export function startConsumer(
  host: ConsumerHost,
  filter: string,
  contracts: ReadonlyMap<string, EventContract>,
  consumer: string,
  handler: EventHandler<EventContract>,
): LocalSubscription {
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const subscription: LocalSubscription = { stopped: false, ready, markReady };
  const loop = consumer.startsWith(EPHEMERAL_CONSUMER)
    ? ephemeralLoop(host, filter, contracts, consumer, handler)
    : durableLoop(host, filter, contracts, consumer, handler);
  subscription.running = consumeUntilStopped(host, subscription, consumer, loop);
  return subscription;
}

/** Stops reading locally; a durable consumer stays on the server for the group's other members. */
export function stopConsumer(subscription: LocalSubscription): void {
  subscription.stopped = true;
  subscription.messages?.stop();
  subscription.markReady();
}

function durableLoop(
  host: ConsumerHost,
  filter: string,
  contracts: ReadonlyMap<string, EventContract>,
  consumer: string,
  handler: EventHandler<EventContract>,
): ConsumerLoop {
  const durable = durableName(consumer, filter);
  return {
    open: async () => {
      // DeliverPolicy.All: a group created after events were published still gets them (a
      // service deployed later, a new consumer); the stream's max_age bounds the backlog and
      // consumers de-duplicate by event id, so a replay is harmless.
      await ensureConsumer(host.jsm, host.stream, {
        durable_name: durable,
        description: `${consumer} on ${filter}`,
        filter_subject: filter,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(host.ackWaitMs),
        max_deliver: host.maxDeliver,
      });
      const source = await host.js.consumers.get(host.stream, durable);
      return source.consume({ max_messages: PULL_BATCH });
    },
    deliver: (message) => deliverDurable(host, message, contracts, consumer, handler),
    // Buffered but not handled: hand it straight back so another member takes it now.
    release: (message) => message.nak(),
  };
}

function ephemeralLoop(
  host: ConsumerHost,
  filter: string,
  contracts: ReadonlyMap<string, EventContract>,
  consumer: string,
  handler: EventHandler<EventContract>,
): ConsumerLoop {
  return {
    open: async () => {
      const source = await host.js.consumers.get(host.stream, {
        filterSubjects: filter,
        deliver_policy: DeliverPolicy.New,
      });
      return source.consume({ max_messages: PULL_BATCH });
    },
    deliver: (message) => deliverWithRetries(host, message, contracts, consumer, handler),
    release: () => {},
  };
}

/** Runs the consume loop, opening it again after a failure, until the subscription stops. */
async function consumeUntilStopped(
  host: ConsumerHost,
  subscription: LocalSubscription,
  consumer: string,
  loop: ConsumerLoop,
): Promise<void> {
  while (!subscription.stopped && !host.isClosed()) {
    try {
      const messages = await loop.open();
      subscription.messages = messages;
      subscription.markReady();
      if (subscription.stopped) messages.stop();
      for await (const message of messages) {
        if (subscription.stopped) loop.release(message);
        else await loop.deliver(message);
      }
    } catch (error) {
      if (!subscription.stopped && !host.isClosed())
        host.logger.error({ err: error, consumer }, 'event consumer failed');
    }
    if (subscription.stopped || host.isClosed()) break;
    host.logger.warn({ consumer }, 'event consumer ended; opening it again');
    await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
  }
  subscription.markReady();
}

/** The delivery's event, undefined for a type the subscription does not want, or null when malformed. */
function decode(
  host: ConsumerHost,
  message: JsMsg,
  contracts: ReadonlyMap<string, EventContract>,
  consumer: string,
) {
  try {
    return decodeEvent(contracts, decoder.decode(message.data));
  } catch (error) {
    if (!(error instanceof MalformedMessage)) throw error;
    host.logger.error({ err: error, subject: message.subject, consumer }, 'malformed event dropped');
    return null;
  }
}

async function deliverDurable(
  host: ConsumerHost,
  message: JsMsg,
  contracts: ReadonlyMap<string, EventContract>,
  consumer: string,
  handler: EventHandler<EventContract>,
): Promise<void> {
  const event = decode(host, message, contracts, consumer);
  if (event === null) return message.term();
  if (event === undefined) return message.ack();
  const attempt = message.info.deliveryCount;
  // Keeps a slow handler's delivery from timing out and running twice at once.
  const keepAlive = setInterval(() => message.working(), Math.max(host.ackWaitMs / 3, 100)).unref();
  try {
    await handler(event);
    clearInterval(keepAlive);
    await message.ackAck();
  } catch (error) {
    clearInterval(keepAlive);
    const context = { err: error, eventId: event.id, type: event.type, consumer, attempt };
    if (attempt >= host.maxDeliver) {
      host.logger.error(context, 'event dropped after repeated failures');
      message.term();
    } else {
      host.logger.warn(context, 'event handler failed');
      message.nak(backoffMs(attempt));
    }
  }
}

/** An ordered consumer cannot nak: a failing handler is retried here, as the in-process bus does. */
async function deliverWithRetries(
  host: ConsumerHost,
  message: JsMsg,
  contracts: ReadonlyMap<string, EventContract>,
  consumer: string,
  handler: EventHandler<EventContract>,
): Promise<void> {
  const event = decode(host, message, contracts, consumer);
  if (!event) return;
  for (let attempt = 1; attempt <= host.maxDeliver; attempt++) {
    try {
      return await handler(event);
    } catch (error) {
      host.logger.warn(
        { err: error, eventId: event.id, type: event.type, consumer, attempt },
        'event handler failed',
      );
      if (host.isClosed()) return;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)).unref());
    }
  }
  host.logger.error(
    { eventId: event.id, type: event.type, consumer },
    'event dropped after repeated failures',
  );
}

function backoffMs(attempt: number): number {
  return Math.min(100 * 2 ** (attempt - 1), 10_000);
}
