/**
 * A small saga runner. A step is an id, an action and (when it changed something) its undo.
 * An action either goes on, or halts the saga with a definite outcome (compensating the steps
 * done so far when the outcome says so). Steps marked `forwardOnly` are past the point of no
 * return: if one throws, nothing is undone and the saga is left for the recovery pass to
 * finish forward. A failed undo is retried, and if it still fails the saga reports it as stuck
 * rather than pretending the compensation held.
 */

/** Stops the saga with an outcome; `compensate` runs the undos of the steps done so far. */
export interface Halt<Outcome> {
  outcome: Outcome;
  compensate: boolean;
}

export interface SagaStep<Outcome> {
  id: string;
  action(): Promise<Halt<Outcome> | void>;
  /** Idempotent: it may run more than once until it holds. */
  undo?(): Promise<void>;
  /** Past the point of no return: a failure is finished forward later, never undone. */
  forwardOnly?: boolean;
}

/** How a run ended. `stuck` leaves the saga as it is for the recovery pass. */
export type SagaResult<Outcome> =
  | { kind: 'completed' }
  | { kind: 'halted'; outcome: Outcome }
  | { kind: 'failed'; stepId: string; error: unknown }
  | Stuck;

/** Left as it is for the recovery pass: a forward-only step failed, or an undo would not hold. */
export interface Stuck {
  kind: 'stuck';
  stepId: string;
  error: unknown;
}

/** An undo that did not hold after its retries. */
export class UndoFailed extends Error {
  constructor(
    readonly stepId: string,
    cause: unknown,
  ) {
    super(`Undo of step ${stepId} failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'UndoFailed';
  }
}

export interface SagaOptions {
  /** Steps already done by an earlier run, whose undos apply if this run compensates. */
  done?: SagaStep<unknown>[];
  /** How many times an undo is tried before the saga is reported stuck. */
  undoAttempts?: number;
  /** Waits between undo attempts; injected so tests need not sleep. */
  pause?: (attempt: number) => Promise<void>;
}

/** Runs the steps in order; see the module comment for what each ending means. */
export async function runSaga<Outcome>(
  steps: SagaStep<Outcome>[],
  options: SagaOptions = {},
): Promise<SagaResult<Outcome>> {
  const done: SagaStep<unknown>[] = [...(options.done ?? [])];
  let pastNoReturn = false;
  for (const step of steps) {
    pastNoReturn ||= step.forwardOnly === true;
    let halt: Halt<Outcome> | void;
    try {
      halt = await step.action();
    } catch (error) {
      if (pastNoReturn) return { kind: 'stuck', stepId: step.id, error };
      const undone = await compensate(done, options);
      return undone ?? { kind: 'failed', stepId: step.id, error };
    }
    if (halt) {
      // A halting step did not do its work, so only the steps before it are undone.
      if (halt.compensate) {
        const undone = await compensate(done, options);
        if (undone) return undone;
      }
      return { kind: 'halted', outcome: halt.outcome };
    }
    done.push(step as SagaStep<unknown>);
  }
  return { kind: 'completed' };
}

/** Undoes the done steps newest first; returns a stuck result when one will not hold. */
async function compensate(done: SagaStep<unknown>[], options: SagaOptions): Promise<Stuck | undefined> {
  const attempts = options.undoAttempts ?? 3;
  const pause = options.pause ?? ((attempt: number) => new Promise((r) => setTimeout(r, 20 * 2 ** attempt)));
  for (const step of [...done].reverse()) {
    if (!step.undo) continue;
    for (let attempt = 1; ; attempt++) {
      try {
        await step.undo();
        break;
      } catch (error) {
        if (attempt >= attempts)
          return { kind: 'stuck', stepId: step.id, error: new UndoFailed(step.id, error) };
        await pause(attempt);
      }
    }
  }
  return undefined;
}
