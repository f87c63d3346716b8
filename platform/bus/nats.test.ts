import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { z } from 'zod/v4';
import { testDatabase } from '../../test/support/database';
import { publishEvent } from '../../test/support/events';
import { describeWithNats, TEST_NATS_URL } from '../../test/support/nats';
import { openDatabase } from '../database';
import { AppError, Conflict } from '../errors';
import { createLogger } from '../logger';
import { CommandUnavailable } from './bus';
import { defineCommand, defineEvent, MalformedMessage, minorUnits, type EventEnvelope } from './contract';
import { durableName, NatsBus } from './nats';
import { filterSubject } from './nats-streams';
import { OutboxRelay, recordEvent } from './outbox';

const logger = createLogger('silent');
const run = randomBytes(4).toString('hex');
const stream = `TEST_${run}`;
const subjectPrefix = `test-${run}`;
const commandPrefix = `test-commands-${run}`;

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** Records each handled event id and resolves once `count` different ids have been handled. */
function collector(count: number) {
  const handled: string[] = [];
  const all = deferred();
  const handle = async (event: { id: string }) => {
    handled.push(event.id);
    if (new Set(handled).size === count) all.resolve();
  };
  return { handled, all: all.promise, handle };
}

const double = defineCommand('test.double', {
  request: z.object({ n: z.number().int() }),
  reply: z.object({ doubledMinor: minorUnits }),
});
const nobody = defineCommand('test.nobody', { request: z.object({}), reply: z.object({}) });
const slow = defineCommand('test.slow', { request: z.object({}), reply: z.object({}) });
const who = defineCommand('test.who', {
  request: z.object({ i: z.number().int() }),
  reply: z.object({ by: z.string(), i: z.number().int() }),
});
const liar = defineCommand('test.liar', { request: z.object({}), reply: z.object({ ok: z.literal(true) }) });
const data = z.object({ n: z.number().int() });
const made = defineEvent('share.made', 1, data);
const nestedMade = defineEvent('share.nested.made', 1, data);
const retried = defineEvent('retry.happened', 1, data);
const dedup = defineEvent('dedup.happened', 1, data);
const resumed = defineEvent('resume.happened', 1, data);
const fanned = defineEvent('fan.happened', 1, data);
const recorded = defineEvent('outbox.recorded', 1, data);

describe('filterSubject', () => {
  it('is the exact subject for one type and the widest shared wildcard for several', () => {
    expect(filterSubject('events', ['payment.completed'])).toBe('events.payment.completed');
    expect(filterSubject('events', ['payment.created', 'payment.completed'])).toBe('events.payment.>');
    expect(filterSubject('events', ['account.frozen', 'payment.completed'])).toBe('events.>');
    expect(() => filterSubject('events', ['bad type'])).toThrow(/cannot be a NATS subject/);
  });
});

describeWithNats(`NatsBus against ${TEST_NATS_URL}`, () => {
  const open: NatsBus[] = [];

  async function bus(name: string): Promise<NatsBus> {
    const created = await NatsBus.connect({
      url: TEST_NATS_URL,
      logger,
      stream,
      name,
      subjectPrefix,
      commandPrefix,
    });
    open.push(created);
    return created;
  }

  afterAll(async () => {
    await Promise.all(open.map((created) => created.close()));
    const nc = await connect({ servers: TEST_NATS_URL });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => false);
    await nc.close();
  });

  describe('commands', () => {
    it('answers through JSON, parsed both ways, and brings typed errors back to the caller', async () => {
      const [service, caller] = await Promise.all([bus('service'), bus('caller')]);
      service.handle(double, async ({ n }) => {
        if (n < 0) throw new Conflict('negative', 'n');
        if (n === 13) throw new Error('unlucky');
        return { doubledMinor: String(BigInt(n) * 2n) };
      });
      // A handler answers once the server knows its subscription.
      await service.ready();
      await expect(caller.request(double, { n: 21 })).resolves.toEqual({ doubledMinor: 42n });
      const conflict = caller.request(double, { n: -1 });
      await expect(conflict).rejects.toBeInstanceOf(AppError);
      await expect(conflict).rejects.toMatchObject({ code: 'CONFLICT', field: 'n', message: 'negative' });
      await expect(caller.request(double, { n: 13 })).rejects.toBeInstanceOf(CommandUnavailable);
      expect(() => service.handle(double, async () => ({ doubledMinor: '0' }))).toThrow(
        /already has a handler/,
      );
    });

    it('refuses a malformed request and a malformed reply with a MalformedMessage naming the command', async () => {
      const [service, caller] = await Promise.all([bus('service'), bus('caller')]);
      service.handle(liar, async () => ({ ok: false }) as never);
      await service.ready();
      const request = caller.request(double, { n: 1.5 });
      await expect(request).rejects.toBeInstanceOf(MalformedMessage);
      await expect(request).rejects.toMatchObject({ contract: 'test.double', part: 'request' });
      await expect(caller.request(liar, {})).rejects.toMatchObject({ contract: 'test.liar', part: 'reply' });
    });

    it('fails with CommandUnavailable when nobody answers, or not in time', async () => {
      const [service, caller] = await Promise.all([bus('service'), bus('caller')]);
      await expect(caller.request(nobody, {})).rejects.toMatchObject({ reason: 'no-responder' });
      const release = deferred();
      service.handle(slow, async () => release.promise.then(() => ({})));
      await service.ready();
      await expect(caller.request(slow, {}, { timeoutMs: 200 })).rejects.toMatchObject({ reason: 'timeout' });
      release.resolve();
    });

    it('shares the requests among the instances of a service, each answered once', async () => {
      const [first, second, caller] = await Promise.all([bus('first'), bus('second'), bus('caller')]);
      first.handle(who, async ({ i }) => ({ by: 'first', i }));
      second.handle(who, async ({ i }) => ({ by: 'second', i }));
      await Promise.all([first.ready(), second.ready()]);
      const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => caller.request(who, { i })));
      expect(replies.map((reply) => reply.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(new Set(replies.map((reply) => reply.by))).toEqual(new Set(['first', 'second']));
    });
  });

  describe('events', () => {
    it('shares a consumer group among processes, each event handled once, and feeds every other group', async () => {
      const [first, second, publisher] = await Promise.all([bus('first'), bus('second'), bus('publisher')]);
      const group = collector(30);
      const other = collector(30);
      const byInstance = { first: 0, second: 0 };
      first.subscribe([made, nestedMade], 'share.group', async (event) => {
        byInstance.first++;
        await group.handle(event);
      });
      second.subscribe([made, nestedMade], 'share.group', async (event) => {
        byInstance.second++;
        await group.handle(event);
      });
      second.subscribe([made, nestedMade], 'share.other', other.handle);
      await Promise.all([first.ready(), second.ready()]);

      const published: EventEnvelope[] = [];
      for (let i = 0; i < 30; i++) {
        published.push(await publishEvent(publisher, 'test', i % 2 ? made : nestedMade, { n: i }));
      }
      await Promise.all([group.all, other.all]);

      const ids = published.map((event) => event.id).sort();
      expect([...group.handled].sort()).toEqual(ids);
      expect([...other.handled].sort()).toEqual(ids);
      expect(byInstance.first + byInstance.second).toBe(30);

      const nc = await connect({ servers: TEST_NATS_URL });
      const filter = filterSubject(subjectPrefix, [made.type, nestedMade.type]);
      const info = await (
        await nc.jetstreamManager()
      ).consumers.info(stream, durableName('share.group', filter));
      await nc.close();
      expect(info.num_redelivered).toBe(0);
      expect(info.delivered.consumer_seq).toBe(30);
    });

    it('delivers again an event whose handler failed', async () => {
      const [consumer, publisher] = await Promise.all([bus('consumer'), bus('publisher')]);
      const attempts: string[] = [];
      const succeeded = deferred<string>();
      consumer.subscribe(retried, 'retry.group', async (event) => {
        attempts.push(event.id);
        if (attempts.length < 3) throw new Error('transient');
        succeeded.resolve(event.id);
      });
      const event = await publishEvent(publisher, 'test', retried, { n: 1 });
      await expect(succeeded.promise).resolves.toBe(event.id);
      expect(attempts).toEqual([event.id, event.id, event.id]);
    });

    it('stores an event published twice with the same id once, and drops a malformed one', async () => {
      const [consumer, publisher] = await Promise.all([bus('consumer'), bus('publisher')]);
      const seen: string[] = [];
      const sentinelSeen = deferred();
      consumer.subscribe(dedup, 'dedup.group', async (event) => {
        seen.push(event.id);
        if (event.data.n === 2) sentinelSeen.resolve();
      });
      const duplicate = await publishEvent(publisher, 'test', dedup, { n: 1 });
      await publisher.publish({ id: duplicate.id, type: duplicate.type, payload: JSON.stringify(duplicate) });
      const malformed = { ...duplicate, id: 'malformed-1', data: { n: 'one' } };
      await publisher.publish({ id: malformed.id, type: malformed.type, payload: JSON.stringify(malformed) });
      const sentinel = await publishEvent(publisher, 'test', dedup, { n: 2 });
      // One member of the group handles a subject's events in stream order: once the sentinel
      // is in, anything stored before it has been delivered.
      await sentinelSeen.promise;
      expect(seen).toEqual([duplicate.id, sentinel.id]);
    });

    it('keeps a durable group on the server when a process unsubscribes, and catches up later', async () => {
      const [consumer, publisher] = await Promise.all([bus('consumer'), bus('publisher')]);
      const firstSeen = deferred<string>();
      const unsubscribe = consumer.subscribe(resumed, 'resume.group', async (event) =>
        firstSeen.resolve(event.id),
      );
      const before = await publishEvent(publisher, 'test', resumed, { n: 1 });
      await expect(firstSeen.promise).resolves.toBe(before.id);
      unsubscribe();

      const whileAway = await publishEvent(publisher, 'test', resumed, { n: 2 });
      const later = collector(1);
      consumer.subscribe(resumed, 'resume.group', later.handle);
      await later.all;
      expect(later.handled).toEqual([whileAway.id]);
    });

    it('fans an ephemeral subscription out to every process, from the moment it is ready', async () => {
      const [first, second, publisher] = await Promise.all([bus('first'), bus('second'), bus('publisher')]);
      await publishEvent(publisher, 'test', fanned, { n: 0 });
      const atFirst = collector(1);
      const atSecond = collector(1);
      first.subscribe(fanned, 'ephemeral:gateway', atFirst.handle);
      second.subscribe(fanned, 'ephemeral:gateway', atSecond.handle);
      await Promise.all([first.ready(), second.ready()]);
      const fresh = await publishEvent(publisher, 'test', fanned, { n: 1 });
      await Promise.all([atFirst.all, atSecond.all]);
      expect(atFirst.handled).toEqual([fresh.id]);
      expect(atSecond.handled).toEqual([fresh.id]);
    });
  });

  describe('outbox relay', () => {
    const place = testDatabase('nats-outbox');
    afterAll(() => place.drop());

    it('publishes committed outbox events to a subscriber in another process', async () => {
      const db = await openDatabase({
        name: 'outbox',
        entities: [],
        migrations: [],
        config: place.config(),
        logger,
      });
      const [service, consumer] = await Promise.all([bus('service'), bus('consumer')]);
      const received = collector(2);
      const seen: unknown[] = [];
      consumer.subscribe(recorded, 'outbox.group', async (event) => {
        seen.push(event.data);
        await received.handle(event);
      });
      const relay = new OutboxRelay(db, service, logger);
      try {
        await db.fork().transactional(async (em) => {
          recordEvent(em, 'test', recorded, { n: 1 }, new Date());
          recordEvent(em, 'test', recorded, { n: 2 }, new Date());
        });
        await relay.flush();
        await received.all;
        expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
      } finally {
        await relay.stop();
        await db.close();
      }
    });
  });
});
