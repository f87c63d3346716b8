import {
  newEnvelope,
  type Bus,
  type DeliveredEvent,
  type EventContract,
  type EventData,
  type EventDataInput,
  type EventEnvelope,
} from '../../platform/bus';

/** A test waited for an event that never came. */
export class EventNotSeen extends Error {}

interface Waiter {
  type: string;
  matches: (event: DeliveredEvent<EventContract>) => boolean;
  resolve: (event: DeliveredEvent<EventContract>) => void;
}

/**
 * Every event of the given contracts that crosses a bus, in the order delivered, parsed as any
 * consumer would receive it. `waitFor` also finds an event delivered before it was called, so a
 * test never races the relay.
 */
export class EventLog {
  private readonly seen: DeliveredEvent<EventContract>[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly unsubscribe: () => void;

  constructor(bus: Bus, contracts: readonly EventContract[], consumer = 'test-kit.events') {
    this.unsubscribe = bus.subscribe(contracts, consumer, async (event) => {
      this.seen.push(event);
      for (const waiter of this.waiters) {
        if (waiter.type === event.type && waiter.matches(event)) {
          this.waiters.delete(waiter);
          waiter.resolve(event);
        }
      }
    });
  }

  /** The events of one contract seen so far, optionally only those whose data matches. */
  all<E extends EventContract>(
    contract: E,
    matches: (data: EventData<E>) => boolean = () => true,
  ): DeliveredEvent<E>[] {
    return this.seen.filter(
      (event) => event.type === contract.type && matches(event.data as EventData<E>),
    ) as DeliveredEvent<E>[];
  }

  /** Resolves with the first event of `contract` whose data matches, including one already seen. */
  waitFor<E extends EventContract>(
    contract: E,
    matches: (data: EventData<E>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<DeliveredEvent<E>> {
    const [found] = this.all(contract, matches);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        type: contract.type,
        matches: (event) => matches(event.data as EventData<E>),
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event as DeliveredEvent<E>);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new EventNotSeen(`No ${contract.type} event matched within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The types of the events seen whose data matches, in delivery order: what a payment published. */
  typesWhere(matches: (data: unknown) => boolean): string[] {
    return this.seen.filter((event) => matches(event.data)).map((event) => event.type);
  }

  close(): void {
    this.unsubscribe();
  }
}

/**
 * Publishes an event as its owning service would (through an outbox relay), for a test that
 * plays that service. Returns the envelope, to publish again as a redelivery.
 */
export async function publishEvent<E extends EventContract>(
  bus: Bus,
  source: string,
  contract: E,
  data: EventDataInput<E>,
  now = new Date(),
): Promise<EventEnvelope> {
  const envelope = newEnvelope(source, contract, data, now);
  await bus.publish({ id: envelope.id, type: envelope.type, payload: JSON.stringify(envelope) });
  return envelope;
}

/** Publishes an envelope again, as a broker redelivers it. */
export async function redeliver(bus: Bus, envelope: EventEnvelope): Promise<void> {
  await bus.publish({ id: envelope.id, type: envelope.type, payload: JSON.stringify(envelope) });
}
