import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as tick } from 'node:timers/promises';
import { releaseIdleAsyncContexts } from './idle-contexts';

/** Whether the storage is taking part in the async hooks (Node 20's implementation). */
const enabled = (storage: AsyncLocalStorage<unknown>) => (storage as unknown as { enabled: boolean }).enabled;

beforeAll(() => releaseIdleAsyncContexts());

describe('releaseIdleAsyncContexts', () => {
  it('keeps each run its store across awaits, and disables the storage once no run is in flight', async () => {
    const storage = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    const task = async (name: string, waits: number) => {
      for (let i = 0; i < waits; i++) await tick();
      seen.push(storage.getStore());
      return storage.run(`${name}.inner`, async () => {
        await tick();
        seen.push(storage.getStore());
      });
    };
    const slow = storage.run('slow', () => task('slow', 3));
    await storage.run('fast', () => task('fast', 1));
    // The slow run is still in flight: the storage stays enabled, the fast one's context is gone.
    expect(enabled(storage)).toBe(true);
    expect(storage.getStore()).toBeUndefined();
    await slow;
    expect(seen).toEqual(['fast', 'fast.inner', 'slow', 'slow.inner']);
    expect(enabled(storage)).toBe(false);
    // The next run enables it again.
    await storage.run('again', async () => {
      await tick();
      expect(storage.getStore()).toBe('again');
      expect(enabled(storage)).toBe(true);
    });
    expect(enabled(storage)).toBe(false);
  });

  it('passes a failed run on to its caller unchanged and still releases the storage', async () => {
    const storage = new AsyncLocalStorage<string>();
    const failure = new Error('refused');
    await expect(
      storage.run('a', async () => {
        await tick();
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(() =>
      storage.run('b', () => {
        throw failure;
      }),
    ).toThrow(failure);
    expect(enabled(storage)).toBe(false);
  });

  it('leaves a storage run synchronously, or entered, enabled for the callbacks it handed its context to', async () => {
    const middleware = new AsyncLocalStorage<string>();
    const later = new Promise<string | undefined>((resolve) => {
      middleware.run('request', () => {
        setImmediate(() => resolve(middleware.getStore()));
      });
    });
    expect(await later).toBe('request');
    await middleware.run('next', async () => tick());
    expect(enabled(middleware)).toBe(true);

    const entered = new AsyncLocalStorage<string>();
    await entered.run('first', async () => tick());
    expect(enabled(entered)).toBe(false);
    entered.enterWith('entered');
    await tick();
    expect(entered.getStore()).toBe('entered');
    await entered.run('inner', async () => tick());
    expect(enabled(entered)).toBe(true);
  });
});
