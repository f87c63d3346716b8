/**
 * A saga is an ordered list of steps over one context. A step is an id, an action and (when it
 * changes something) its undo; the action returns what its undo needs, or halts the saga with a
 * definite outcome. Steps marked `forwardOnly` are past the point of no return: if one fails,
 * nothing is undone and the saga is left to be finished forward. A failure whose outcome is
 * unknown (a timeout: the command may still be applied) runs the failing step's undo too, with
 * nothing to go on but the context. An undo is retried, and if it still fails the saga reports
 * it as stuck rather than pretending the compensation held.
 */

/** Stops the saga with an outcome; `compensate` runs the undos of the steps done so far. */
export class Halt<Outcome> {
  constructor(
    readonly outcome: Outcome,
    readonly compensate: boolean,
  ) {}
}

export interface Step<Context, Outcome, Done = unknown> {
  id: string;
  /** Does the step's work and returns what its undo needs, or halts the saga. */
  action(context: Context): Promise<Done | Halt<Outcome>>;
  /**
   * Undoes the step; `done` is what the action returned, or undefined when its outcome is unknown
   * (or it was done by an earlier run). Idempotent: it may run more than once until it holds.
   */
  undo?(context: Context, done: Done | undefined): Promise<void>;
  /** Past the point of no return: a failure is finished forward later, never undone. */
  forwardOnly?: boolean;
}

/** A step of any context, outcome and result, for lists of them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStep<Context, Outcome> = Step<Context, Outcome, any>;

/** How a run ended. */
export type SagaResult<Outcome> =
  | { kind: 'completed' }
  | { kind: 'halted'; outcome: Outcome }
  /** A step failed before the point of no return; what was done is undone. `unknown`: it may have applied. */
  | { kind: 'failed'; stepId: string; error: unknown; unknown: boolean }
  /** Left as it is to be finished later: a forward-only step failed, or an undo would not hold. */
  | { kind: 'stuck'; stepId: string; error: unknown }
  /** The guard refused before a step: someone else now works on the context; nothing was touched. */
  | { kind: 'preempted'; stepId: string; error: unknown };

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

export interface SagaOptions<Context, Outcome> {
  /** Steps already done by an earlier run, whose undos apply if this run compensates. */
  done?: AnyStep<Context, Outcome>[];
  /** Runs before every step and every undo; throwing stops the saga as `preempted`. */
  guard?: () => Promise<void>;
  /** Told of every action and undo as it starts (for logs). */
  onStep?: (stepId: string, phase: 'action' | 'undo') => void;
  /** Whether an action's error leaves its outcome unknown (default: every error). */
  isUnknown?: (error: unknown) => boolean;
  /** How many times an undo is tried before the saga is reported stuck. */
  undoAttempts?: number;
  /** Waits between undo attempts; injected so tests need not sleep. */
  pause?: (attempt: number) => Promise<void>;
}

interface Done<Context, Outcome> {
  step: AnyStep<Context, Outcome>;
  result: unknown;
}

class Preempted extends Error {
  constructor(
    readonly stepId: string,
    readonly reason: unknown,
  ) {
    super(`preempted before ${stepId}`);
  }
}

/** Runs the steps in order; see the module comment for what each ending means. */
export async function runSaga<Context, Outcome>(
  steps: AnyStep<Context, Outcome>[],
  context: Context,
  options: SagaOptions<Context, Outcome> = {},
): Promise<SagaResult<Outcome>> {
  const done: Done<Context, Outcome>[] = (options.done ?? []).map((step) => ({ step, result: undefined }));
  const isUnknown = options.isUnknown ?? (() => true);
  let pastNoReturn = done.some(({ step }) => step.forwardOnly);
  try {
    for (const step of steps) {
      await guarded(options, step.id);
      options.onStep?.(step.id, 'action');
      pastNoReturn ||= step.forwardOnly === true;
      let result: unknown;
      try {
        result = await step.action(context);
      } catch (error) {
        if (pastNoReturn) return { kind: 'stuck', stepId: step.id, error };
        const unknown = isUnknown(error);
        // A step whose outcome is unknown may have done its work: it is undone with the rest.
        if (unknown) done.push({ step, result: undefined });
        const stuck = await compensate(done, context, options);
        return stuck ?? { kind: 'failed', stepId: step.id, error, unknown };
      }
      if (result instanceof Halt) {
        // A halting step did not do its work, so only the steps before it are undone.
        if (result.compensate) {
          const stuck = await compensate(done, context, options);
          if (stuck) return stuck;
        }
        return { kind: 'halted', outcome: result.outcome as Outcome };
      }
      done.push({ step, result });
    }
    return { kind: 'completed' };
  } catch (error) {
    if (error instanceof Preempted) return { kind: 'preempted', stepId: error.stepId, error: error.reason };
    throw error;
  }
}

/** Runs only the undos of steps an earlier run did, newest first: abandoning a saga midway. */
export async function compensateSaga<Context, Outcome>(
  done: AnyStep<Context, Outcome>[],
  context: Context,
  options: SagaOptions<Context, Outcome> = {},
): Promise<Extract<SagaResult<Outcome>, { kind: 'stuck' | 'preempted' }> | undefined> {
  try {
    return await compensate(
      done.map((step) => ({ step, result: undefined })),
      context,
      options,
    );
  } catch (error) {
    if (error instanceof Preempted) return { kind: 'preempted', stepId: error.stepId, error: error.reason };
    throw error;
  }
}

async function guarded<Context, Outcome>(options: SagaOptions<Context, Outcome>, stepId: string) {
  if (!options.guard) return;
  try {
    await options.guard();
  } catch (error) {
    throw new Preempted(stepId, error);
  }
}

/** Undoes the done steps newest first; returns a stuck result when one will not hold. */
async function compensate<Context, Outcome>(
  done: Done<Context, Outcome>[],
  context: Context,
  options: SagaOptions<Context, Outcome>,
): Promise<Extract<SagaResult<Outcome>, { kind: 'stuck' }> | undefined> {
  const attempts = options.undoAttempts ?? 3;
  const pause = options.pause ?? ((attempt: number) => new Promise((r) => setTimeout(r, 20 * 2 ** attempt)));
  for (const { step, result } of [...done].reverse()) {
    if (!step.undo) continue;
    await guarded(options, `undo ${step.id}`);
    options.onStep?.(step.id, 'undo');
    for (let attempt = 1; ; attempt++) {
      try {
        await step.undo(context, result);
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
