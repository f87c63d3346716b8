import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { testDatabase } from '../../test/support/database';
import { describeWithNats, TEST_NATS_URL } from '../../test/support/nats';
import { createLogger } from '../logger';
import { AppendLog, type EventLog, type LoggedEvent } from './event-log';
import { DatabaseEventLogStore } from './event-log-store';
import { NatsBus } from './nats';

const logger = createLogger('silent');
const event = (type = 'payment.created') => ({
  id: randomUUID(),
  type,
  payload: JSON.stringify({ n: randomUUID() }),
});

/** Collects what `follow` delivers and waits for a number of them. */
function follower(log: EventLog) {
  const seen: LoggedEvent[] = [];
  let waiters: (() => void)[] = [];
  log.follow((logged) => {
    seen.push(logged);
    for (const resolve of waiters) resolve();
    waiters = [];
  });
  return {
    seen,
    async until(count: number) {
      while (seen.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

describe('the embedded event log (its own database)', () => {
  const place = testDatabase('event-log');
  let log: AppendLog;
  beforeAll(async () => {
    log = await AppendLog.open(await DatabaseEventLogStore.open(place.config(), logger), () => undefined);
  });
  afterAll(async () => {
    await log.close();
    await place.drop();
  });

  it('gives events increasing positions in arrival order, tells followers once durable, and reads ranges', async () => {
    const start = log.head();
    const live = follower(log);
    const events = Array.from({ length: 25 }, () => event());
    await Promise.all(events.map((e) => log.append(e)));
    await live.until(25);
    const positions = live.seen.map((logged) => logged.position);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(live.seen.map((logged) => logged.payload)).toEqual(events.map((e) => e.payload));
    expect(log.head()).toBe(positions.at(-1));
    const page = await log.read(start, positions[9], 100);
    expect(page.map((logged) => logged.payload)).toEqual(events.slice(0, 10).map((e) => e.payload));
    expect((await log.read(positions[9], log.head(), 5)).map((logged) => logged.position)).toEqual(
      positions.slice(10, 15),
    );
  });

  it('logs an event id once, however often the bus delivers it', async () => {
    const repeated = event();
    const live = follower(log);
    await log.append(repeated);
    await log.append(repeated);
    await log.append(event());
    await live.until(2);
    expect(live.seen.filter((logged) => logged.payload === repeated.payload)).toHaveLength(1);
  });

  it('keeps its positions across a restart', async () => {
    const before = log.head();
    await log.close();
    log = await AppendLog.open(await DatabaseEventLogStore.open(place.config(), logger), () => undefined);
    expect(log.head()).toBe(before);
    const live = follower(log);
    await log.append(event());
    await live.until(1);
    expect(live.seen[0].position).toBeGreaterThan(before);
  });
});

describeWithNats('the distributed event log (the JetStream stream)', () => {
  const id = randomBytes(4).toString('hex');
  const stream = `TEST_LOG_${id}`;
  const subjectPrefix = `test-log-${id}.events`;
  let bus: NatsBus;
  beforeAll(async () => {
    bus = await NatsBus.connect({
      url: TEST_NATS_URL,
      logger,
      stream,
      subjectPrefix,
      commandPrefix: `test-log-${id}.commands`,
    });
  });
  afterAll(async () => {
    await bus.close();
    const nc = await connect({ servers: TEST_NATS_URL });
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => false);
    await nc.close();
  });

  it('positions are stream sequences: two followers see the same ones, and a read replays any range', async () => {
    const first = await bus.eventLog();
    const second = await bus.eventLog();
    const [a, b] = [follower(first), follower(second)];
    const events = Array.from({ length: 12 }, (_, i) =>
      event(i % 2 ? 'payment.completed' : 'payment.created'),
    );
    for (const e of events) await bus.publish(e);
    await Promise.all([a.until(12), b.until(12)]);
    expect(a.seen.map((logged) => logged.position)).toEqual(b.seen.map((logged) => logged.position));
    expect(a.seen.map((logged) => logged.type)).toEqual(events.map((e) => e.type));
    const middle = await second.read(a.seen[3].position, a.seen[8].position, 100);
    expect(middle.map((logged) => logged.payload)).toEqual(events.slice(4, 9).map((e) => e.payload));
    expect(await first.oldest()).toBe(a.seen[0].position);
    await Promise.all([first.close(), second.close()]);
  });
});
