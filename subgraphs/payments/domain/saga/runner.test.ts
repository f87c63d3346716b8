import { compensateSaga, Halt, runSaga, UndoFailed, type AnyStep } from './runner';

type Outcome = string;
type Context = { log: string[] };
type TestStep = AnyStep<Context, Outcome>;

/** A step that logs its action and its undo, with what the action returned. */
const step = (id: string, extra: Partial<TestStep> = {}): TestStep => ({
  id,
  action: async ({ log }) => {
    log.push(`do ${id}`);
    return `${id}-result`;
  },
  undo: async ({ log }, done) => {
    log.push(`undo ${id} (${String(done)})`);
  },
  ...extra,
});

const failing = (id: string, error: unknown, extra: Partial<TestStep> = {}): TestStep =>
  step(id, { action: async () => Promise.reject(error), ...extra });

const noPause = async () => undefined;
const definiteErrors = (error: unknown) => !(error instanceof Definite);
class Definite extends Error {}

describe('the saga runner', () => {
  it('runs every step in order', async () => {
    const context = { log: [] as string[] };
    await expect(runSaga([step('a'), step('b')], context)).resolves.toEqual({ kind: 'completed' });
    expect(context.log).toEqual(['do a', 'do b']);
  });

  it('halts with an outcome and undoes the steps before it, newest first, with what each returned', async () => {
    const context = { log: [] as string[] };
    const halt = step('c', { action: async () => new Halt('DECLINED', true) });
    await expect(runSaga([step('a'), step('b'), halt, step('d')], context)).resolves.toEqual({
      kind: 'halted',
      outcome: 'DECLINED',
    });
    expect(context.log).toEqual(['do a', 'do b', 'undo b (b-result)', 'undo a (a-result)']);
  });

  it('halts without undoing when the outcome keeps what was done', async () => {
    const context = { log: [] as string[] };
    await runSaga([step('a'), step('review', { action: async () => new Halt('HELD', false) })], context);
    expect(context.log).toEqual(['do a']);
  });

  it('undoes the steps done when one fails for certain, but not the failing step itself', async () => {
    const context = { log: [] as string[] };
    const result = await runSaga([step('a'), failing('b', new Definite('refused'))], context, {
      isUnknown: definiteErrors,
    });
    expect(result).toMatchObject({ kind: 'failed', stepId: 'b', unknown: false });
    expect(context.log).toEqual(['do a', 'undo a (a-result)']);
  });

  it('also undoes a step whose outcome is unknown (a timeout), with nothing but the context', async () => {
    const context = { log: [] as string[] };
    const result = await runSaga([step('a'), failing('hold', new Error('timeout'))], context, {
      isUnknown: definiteErrors,
    });
    expect(result).toMatchObject({ kind: 'failed', stepId: 'hold', unknown: true });
    expect(context.log).toEqual(['do a', 'undo hold (undefined)', 'undo a (a-result)']);
  });

  it('leaves the saga for recovery, undoing nothing, when a forward-only step throws', async () => {
    const context = { log: [] as string[] };
    const post = failing('post', new Error('timeout'), { forwardOnly: true });
    const result = await runSaga([step('hold'), post], context);
    expect(result).toMatchObject({ kind: 'stuck', stepId: 'post' });
    expect(context.log).toEqual(['do hold']);
  });

  it('retries a failing undo and reports the saga stuck if it never holds', async () => {
    let attempts = 0;
    const hold = step('hold', {
      undo: async () => {
        attempts++;
        throw new Error('wallets down');
      },
    });
    const decline = step('risk', { action: async () => new Halt('DECLINED', true) });
    const result = await runSaga([hold, decline], { log: [] }, { undoAttempts: 3, pause: noPause });
    expect(result).toMatchObject({ kind: 'stuck', stepId: 'hold' });
    expect((result as { error: unknown }).error).toBeInstanceOf(UndoFailed);
    expect(attempts).toBe(3);
  });

  it('succeeds when a retried undo holds on a later attempt', async () => {
    let attempts = 0;
    const hold = step('hold', {
      undo: async () => {
        if (++attempts < 2) throw new Error('blip');
      },
    });
    const decline = step('risk', { action: async () => new Halt('DECLINED', true) });
    await expect(runSaga([hold, decline], { log: [] }, { pause: noPause })).resolves.toEqual({
      kind: 'halted',
      outcome: 'DECLINED',
    });
    expect(attempts).toBe(2);
  });

  it('applies the undos of steps done by an earlier run', async () => {
    const context = { log: [] as string[] };
    const decline = step('payout', { action: async () => new Halt('DECLINED', true), undo: undefined });
    await runSaga([decline], context, { done: [step('hold')] });
    expect(context.log).toEqual(['undo hold (undefined)']);
  });

  it('compensates the steps of an earlier run on its own, newest first', async () => {
    const context = { log: [] as string[] };
    await expect(compensateSaga([step('a'), step('b')], context)).resolves.toBeUndefined();
    expect(context.log).toEqual(['undo b (undefined)', 'undo a (undefined)']);
  });

  it('stops before the next step, touching nothing, once the guard refuses', async () => {
    const context = { log: [] as string[] };
    let allowed = 1;
    const guard = async () => {
      if (allowed-- <= 0) throw new Error('claim lost');
    };
    const result = await runSaga([step('a'), step('b')], context, { guard });
    expect(result).toMatchObject({ kind: 'preempted', stepId: 'b' });
    expect(context.log).toEqual(['do a']);
  });
});
