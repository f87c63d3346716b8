/**
 * Starts something before a test file's tests and closes it after them, and returns a handle
 * that stands for it: each property read is passed to the started instance, so tests write
 * `const accounts = useStarted(startTestAccounts)` and then `accounts.gql(...)` as usual.
 */
export function useStarted<T extends { close(): Promise<void> }>(start: () => Promise<T>): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as T, {
    get(_target, property) {
      if (!started) throw new Error(`Read ${String(property)} before the test file's beforeAll ran`);
      const value = started[property as keyof T];
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}
