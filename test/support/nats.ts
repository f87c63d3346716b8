import { spawnSync } from 'node:child_process';

/** The NATS server the tests use (the machine's, started by CI). */
export const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** Whether a NATS server accepts TCP connections within 1 s; checked before a suite is declared. */
export function natsReachable(url = TEST_NATS_URL): boolean {
  const { hostname, port } = new URL(url);
  const probe = `const s = require('node:net').connect(${Number(port || 4222)}, ${JSON.stringify(hostname)});
    s.setTimeout(1000, () => process.exit(1));
    s.on('connect', () => process.exit(0));
    s.on('error', () => process.exit(1));`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 2_000 }).status === 0;
}

/**
 * `describe` for a suite that needs NATS. Without a server the suite is reported as skipped, and
 * under CI (CI=true) its absence is a failure: CI starts NATS, so a missing one is a broken run.
 */
export function describeWithNats(name: string, suite: () => void): void {
  if (natsReachable()) return describe(name, suite);
  if (process.env.CI === 'true') {
    describe(name, () => {
      it(`needs a NATS server at ${TEST_NATS_URL}`, () => {
        throw new Error(`No NATS server answers at ${TEST_NATS_URL}, and CI must run this suite`);
      });
    });
    return;
  }
  describe.skip(`${name} (skipped: no NATS server at ${TEST_NATS_URL})`, suite);
}
