import { runSaga, UndoFailed, type SagaStep } from './saga';

type Outcome = string;

function recorder() {
  const log: string[] = [];
  const step = (id: string, extra: Partial<SagaStep<Outcome>> = {}): SagaStep<Outcome> => ({
    id,
    action: async () => {
      log.push(`do ${id}`);
    },
    undo: async () => {
      log.push(`undo ${id}`);
    },
    ...extra,
  });
  return { log, step };
}

const noPause = async () => undefined;

describe('the saga runner', () => {
  it('runs every step in order', async () => {
    const { log, step } = recorder();
    await expect(runSaga([step('a'), step('b')])).resolves.toEqual({ kind: 'completed' });
    expect(log).toEqual(['do a', 'do b']);
  });

  it('halts with an outcome and undoes the steps before it, newest first, when asked to', async () => {
    const { log, step } = recorder();
    const halt = step('c', {
      action: async () => ({ outcome: 'DECLINED', compensate: true }),
    });
    await expect(runSaga([step('a'), step('b'), halt, step('d')])).resolves.toEqual({
      kind: 'halted',
      outcome: 'DECLINED',
    });
    expect(log).toEqual(['do a', 'do b', 'undo b', 'undo a']);
  });

  it('halts without undoing when the outcome keeps what was done', async () => {
    const { log, step } = recorder();
    const hold = step('review', { action: async () => ({ outcome: 'HELD', compensate: false }) });
    await runSaga([step('a'), hold]);
    expect(log).toEqual(['do a']);
  });

  it('undoes the steps done when one throws before the point of no return', async () => {
    const { log, step } = recorder();
    const boom = step('b', { action: async () => Promise.reject(new Error('boom')) });
    const result = await runSaga([step('a'), boom]);
    expect(result).toMatchObject({ kind: 'failed', stepId: 'b' });
    expect(log).toEqual(['do a', 'undo a']);
  });

  it('leaves the saga for recovery, undoing nothing, when a forward-only step throws', async () => {
    const { log, step } = recorder();
    const post = step('post', {
      forwardOnly: true,
      action: async () => Promise.reject(new Error('timeout')),
    });
    const result = await runSaga([step('hold'), post]);
    expect(result).toMatchObject({ kind: 'stuck', stepId: 'post' });
    expect(log).toEqual(['do hold']);
  });

  it('retries a failing undo and reports the saga stuck if it never holds', async () => {
    let attempts = 0;
    const hold: SagaStep<Outcome> = {
      id: 'hold',
      action: async () => undefined,
      undo: async () => {
        attempts++;
        throw new Error('wallets down');
      },
    };
    const decline: SagaStep<Outcome> = {
      id: 'risk',
      action: async () => ({ outcome: 'DECLINED', compensate: true }),
    };
    const result = await runSaga([hold, decline], { undoAttempts: 3, pause: noPause });
    expect(result).toMatchObject({ kind: 'stuck', stepId: 'hold' });
    expect((result as { error: unknown }).error).toBeInstanceOf(UndoFailed);
    expect(attempts).toBe(3);
  });

  it('succeeds when a retried undo holds on a later attempt', async () => {
    let attempts = 0;
    const hold: SagaStep<Outcome> = {
      id: 'hold',
      action: async () => undefined,
      undo: async () => {
        if (++attempts < 2) throw new Error('blip');
      },
    };
    const decline: SagaStep<Outcome> = {
      id: 'risk',
      action: async () => ({ outcome: 'DECLINED', compensate: true }),
    };
    await expect(runSaga([hold, decline], { pause: noPause })).resolves.toEqual({
      kind: 'halted',
      outcome: 'DECLINED',
    });
    expect(attempts).toBe(2);
  });

  it('applies the undos of steps done by an earlier run', async () => {
    const { log, step } = recorder();
    const decline = step('payout', {
      action: async () => ({ outcome: 'DECLINED', compensate: true }),
      undo: undefined,
    });
    await runSaga([decline], { done: [step('hold') as SagaStep<unknown>] });
    expect(log).toEqual(['undo hold']);
  });
});
