import type { CommandContract, FaultInjectingBus, ParsedRequestOf, ReplyInputOf } from '../../platform/bus';

/** A command held at its handler until the test lets it go. */
export interface Stalled<C extends CommandContract> {
  /** Resolves with the request once it has reached the handler (and is being held there). */
  arrived: Promise<ParsedRequestOf<C>>;
  /** Lets the held request go on to the real handler. */
  release(): void;
  /** Resolves with what the real handler answered, or rejects with what it threw, once released. */
  answered: Promise<ReplyInputOf<C>>;
}

/**
 * Holds the next call of `command` at its handler: the caller waits (and may time out, its
 * outcome unknown) while the test acts, then `release()` lets the call apply late, as a slow
 * service's would. Nothing waits on the clock.
 */
export function stall<C extends CommandContract>(bus: FaultInjectingBus, command: C): Stalled<C> {
  let arrive!: (payload: ParsedRequestOf<C>) => void;
  let release!: () => void;
  let answer!: (reply: Promise<ReplyInputOf<C>>) => void;
  const arrived = new Promise<ParsedRequestOf<C>>((resolve) => (arrive = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const answered = new Promise<ReplyInputOf<C>>((resolve) => (answer = resolve));
  bus.intercept(
    command,
    async (payload, next) => {
      arrive(payload);
      await released;
      const reply = next(payload);
      answer(reply);
      return reply;
    },
    { times: 1 },
  );
  return { arrived, release, answered };
}
