import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * On Node 20, AsyncLocalStorage rides on async hooks: the first `run` of any storage turns on a
 * hook that then runs for every promise the process makes, and it stays on until every storage
 * that ran is disabled. MikroORM runs each flush and each transaction inside one (its
 * transaction context, its flush guard) and never disables them, so a single sign-up at start
 * taxes every later promise of the subgraphs' process: about a sixth of a transfer's CPU, and
 * await's fast path besides.
 *
 * Installed, each storage is disabled again once none of its runs is in flight, and enabled
 * again by its next run, as `run` always does. That is safe only for a storage whose every run
 * returns a promise (MikroORM's do): its context then lives exactly as long as that promise. A
 * storage also run synchronously, or entered with `enterWith`, may be carrying a context to
 * callbacks that outlive the call (an HTTP middleware's `run(store, next)`), so it is left
 * enabled for good. Runtimes whose AsyncLocalStorage is not built on async hooks (Node 24's
 * async context frames) need none of this, and nothing is installed there.
 */
export function releaseIdleAsyncContexts(): void {
  const prototype = AsyncLocalStorage.prototype as AsyncLocalStorage<unknown> & { _enable?: unknown };
  if (installed || typeof prototype._enable !== 'function') return;
  installed = true;
  const run = prototype.run;
  const enterWith = prototype.enterWith;
  prototype.run = function runThenRelease<R>(
    this: AsyncLocalStorage<unknown>,
    store: unknown,
    callback: (...args: unknown[]) => R,
    ...args: unknown[]
  ): R {
    if (pinned.has(this)) return run.call(this, store, callback, ...args) as R;
    inFlight.set(this, (inFlight.get(this) ?? 0) + 1);
    let result: R;
    try {
      result = run.call(this, store, callback, ...args) as R;
    } catch (error) {
      settled(this);
      throw error;
    }
    if (result instanceof Promise) return result.finally(() => settled(this)) as R;
    // A synchronous run may have handed its context to callbacks that come later.
    pinned.add(this);
    inFlight.delete(this);
    return result;
  } as typeof prototype.run;
  prototype.enterWith = function enterAndPin(this: AsyncLocalStorage<unknown>, store: unknown): void {
    pinned.add(this);
    inFlight.delete(this);
    enterWith.call(this, store);
  };
}

let installed = false;
/** Runs in flight per storage that has only ever run asynchronously. */
const inFlight = new WeakMap<AsyncLocalStorage<unknown>, number>();
/** Storages that must keep their context: run synchronously, or entered. */
const pinned = new WeakSet<AsyncLocalStorage<unknown>>();

function settled(storage: AsyncLocalStorage<unknown>): void {
  const left = (inFlight.get(storage) ?? 1) - 1;
  if (left > 0) {
    inFlight.set(storage, left);
    return;
  }
  inFlight.delete(storage);
  if (!pinned.has(storage)) storage.disable();
}
