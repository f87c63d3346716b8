import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { InProcessBus, type Bus } from '../../platform/bus';
import { NatsBus } from '../../platform/bus/nats';
import { createLogger } from '../../platform/logger';
import { describeWithNats, TEST_NATS_URL } from './nats';

/** Connections to one bus: each call is another process's view of it (the same bus in process). */
export interface BusFixture {
  connect(name: string): Promise<Bus>;
}

/**
 * Declares `suite` once per bus implementation: in process, and over the machine's NATS
 * JetStream (skipped without a server, a failure under CI), each on a stream of its own.
 */
export function describeOnEveryBus(name: string, suite: (buses: BusFixture) => void): void {
  const logger = createLogger('silent');
  describe(`${name} (in-process bus)`, () => {
    const bus = new InProcessBus(logger);
    afterAll(() => bus.close());
    suite({ connect: async () => bus });
  });
  describeWithNats(`${name} (NATS bus)`, () => {
    const run = randomBytes(4).toString('hex');
    const stream = `TEST_CONTRACT_${run}`;
    const open: NatsBus[] = [];
    afterAll(async () => {
      await Promise.all(open.map((bus) => bus.close()));
      const nc = await connect({ servers: TEST_NATS_URL });
      await (await nc.jetstreamManager()).streams.delete(stream).catch(() => false);
      await nc.close();
    });
    suite({
      connect: async (connection) => {
        const bus = await NatsBus.connect({
          url: TEST_NATS_URL,
          logger,
          stream,
          name: connection,
          subjectPrefix: `test-contract-${run}.events`,
          commandPrefix: `test-contract-${run}.commands`,
        });
        open.push(bus);
        return bus;
      },
    });
  });
}
