import { z } from 'zod/v4';
import type { DeliveredEvent, EventContract } from '../bus/contract';
import { byType } from '../bus/bus';
import { decodeEvent } from '../bus/wire';

/**
 * How one event of a subscription reaches the subgraph that owns the subscription field: the
 * gateway sends the subscription operation as an ordinary request with the logged event in
 * `extensions.subscriptionEvent`, and the field's resolver answers from that event for the
 * request's viewer. Subgraphs serve only the gateway's signed requests (the signature covers
 * the body, extensions included), so no client can hand a subgraph an event of its own.
 */
export const SUBSCRIPTION_EVENT_EXTENSION = 'subscriptionEvent';

const subscriptionEvent = z.object({
  /** The event's position in the log, as a decimal string: the id clients resume `after`. */
  position: z.string().regex(/^\d{1,20}$/),
  type: z.string().min(1).max(100),
  /** The `EventEnvelope`, as JSON. */
  payload: z.string().max(1_000_000),
});
export type SubscriptionEvent = z.output<typeof subscriptionEvent>;

/** The event a request carries in its extensions, if any and well formed. */
export function readSubscriptionEvent(extensions: unknown): SubscriptionEvent | undefined {
  if (!extensions || typeof extensions !== 'object') return undefined;
  const parsed = subscriptionEvent.safeParse(
    (extensions as Record<string, unknown>)[SUBSCRIPTION_EVENT_EXTENSION],
  );
  return parsed.success ? parsed.data : undefined;
}

/**
 * The event a subscription resolver answers from, decoded with the contracts it serves;
 * undefined when the request carries none or an event of another type.
 */
export function subscriptionEventOf<E extends EventContract>(
  context: { event?: SubscriptionEvent },
  contracts: readonly E[],
): { id: string; event: DeliveredEvent<E> } | undefined {
  if (!context.event) return undefined;
  const event = decodeEvent(byType(contracts), context.event.payload);
  return event ? { id: context.event.position, event } : undefined;
}

/**
 * Given to type-graphql for its subscription fields, which are resolved only per event from the
 * gateway: nothing in a subgraph subscribes or publishes through it.
 */
export const GATEWAY_SERVED_SUBSCRIPTIONS = {
  publish(): void {
    throw new Error('Subscriptions are served by the gateway from the event log');
  },
  subscribe(): never {
    throw new Error('Subscriptions are served by the gateway from the event log');
  },
};

/** The `subscribe` of a subgraph's subscription field: only the gateway subscribes. */
export function servedAtTheGateway(): never {
  throw new Error('Subscriptions are served by the gateway from the event log');
}
