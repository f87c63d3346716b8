import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { AppError, Conflict } from '../errors';
import { createLogger } from '../logger';
import { loadConfig } from '../config';
import { openDatabase } from '../database';
import { command, type EventEnvelope } from './bus';
import { CommandUnavailable } from './in-process';
import { durableName, NatsBus } from './nats';
import { OutboxRelay, recordEvent } from './outbox';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = createLogger('silent');
const run = randomBytes(4).toString('hex');
const stream = `TEST_${run}`;
const subjectPrefix = `test-${run}`;
const commandPrefix = `test-commands-${run}`;

/** Whether a NATS server accepts TCP connections within 1 s (checked before the suite is declared). */
function natsReachable(url: string): boolean {
  const { hostname, port } = new URL(url);
  const probe = `const s = require('node:net').connect(${Number(port || 4222)}, ${JSON.stringify(hostname)});
    s.setTimeout(1000, () => process.exit(1));
    s.on('connect', () => process.exit(0));
    s.on('error', () => process.exit(1));`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 2_000 }).status === 0;
}

const reachable = natsReachable(NATS_URL);
if (!reachable)
  process.stderr.write(`NatsBus tests skipped: no NATS server answers at ${NATS_URL} within 1 s\n`);
const describeNats = reachable ? describe : describe.skip;

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

function envelope(type: string, id = randomBytes(8).toString('hex'), data: unknown = {}): EventEnvelope {
  return { id, type, source: 'test', occurredAt: new Date().toISOString(), data };
}

/** Records each handled event id and resolves once `count` different ids have been handled. */
function collector(count: number) {
  const handled: string[] = [];
  const all = deferred();
  const handle = async (event: EventEnvelope) => {
    handled.push(event.id);
    if (new Set(handled).size === count) all.resolve();
  };
  return { handled, all: all.promise, handle };
}

describeNats(`NatsBus against ${NATS_URL}`, () => {
  const open: NatsBus[] = [];

  async function bus(name: string): Promise<NatsBus> {
    const created = await NatsBus.connect({
      url: NATS_URL,
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
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => false);
    await nc.close();
  });

  describe('commands', () => {
    const double = command<{ n: number }, { doubled: string }>('test.double');

    it('answers through JSON and brings typed errors back to the caller', async () => {
      const [service, caller] = await Promise.all([bus('service'), bus('caller')]);
      service.handle(double, async ({ n }) => {
        if (n < 0) throw new Conflict('negative', 'n');
        if (n === 13) throw new Error('unlucky');
        return { doubled: String(BigInt(n) * 2n) };
      });
      await expect(caller.request(double, { n: 21 })).resolves.toEqual({ doubled: '42' });
      const conflict = caller.request(double, { n: -1 });
      await expect(conflict).rejects.toBeInstanceOf(AppError);
      await expect(conflict).rejects.toMatchObject({ code: 'CONFLICT', field: 'n', message: 'negative' });
      await expect(caller.request(double, { n: 13 })).rejects.toBeInstanceOf(CommandUnavailable);
      expect(() => service.handle(double, async () => ({ doubled: '0' }))).toThrow(/already has a handler/);
    });

    it('fails with CommandUnavailable when nobody answers, or not in time', async () => {
      const [service, caller] = await Promise.all([bus('service'), bus('caller')]);
      await expect(caller.request(command('test.nobody'), {})).rejects.toBeInstanceOf(CommandUnavailable);

      const slow = command<object, object>('test.slow');
      const release = deferred();
      service.handle(slow, async () => release.promise.then(() => ({})));
      await expect(caller.request(slow, {}, { timeoutMs: 200 })).rejects.toBeInstanceOf(CommandUnavailable);
      release.resolve();
    });

    it('shares the requests among the instances of a service, each answered once', async () => {
      const [first, second, caller] = await Promise.all([bus('first'), bus('second'), bus('caller')]);
      const who = command<{ i: number }, { by: string; i: number }>('test.who');
      first.handle(who, async ({ i }) => ({ by: 'first', i }));
      second.handle(who, async ({ i }) => ({ by: 'second', i }));
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
      first.subscribe('share.*', 'share.group', async (event) => {
        byInstance.first++;
        await group.handle(event);
      });
      second.subscribe('share.*', 'share.group', async (event) => {
        byInstance.second++;
        await group.handle(event);
      });
      second.subscribe('share.*', 'share.other', other.handle);
      second.subscribe('unrelated.thing', 'share.group', async () => {
        throw new Error('not for this pattern');
      });
      await Promise.all([first.ready(), second.ready()]);

      const events = Array.from({ length: 30 }, (_, i) =>
        envelope(i % 2 ? 'share.made' : 'share.nested.made'),
      );
      for (const event of events) await publisher.publish(event);
      await Promise.all([group.all, other.all]);

      const ids = events.map((event) => event.id).sort();
      expect([...group.handled].sort()).toEqual(ids);
      expect([...other.handled].sort()).toEqual(ids);
      expect(byInstance.first + byInstance.second).toBe(30);

      const nc = await connect({ servers: NATS_URL });
      const info = await (
        await nc.jetstreamManager()
      ).consumers.info(stream, durableName('share.group', 'share.*'));
      await nc.close();
      expect(info.num_redelivered).toBe(0);
      expect(info.delivered.consumer_seq).toBe(30);
    });

    it('delivers again an event whose handler failed', async () => {
      const [consumer, publisher] = await Promise.all([bus('consumer'), bus('publisher')]);
      const attempts: string[] = [];
      const succeeded = deferred<string>();
      consumer.subscribe('retry.happened', 'retry.group', async (event) => {
        attempts.push(event.id);
        if (attempts.length < 3) throw new Error('transient');
        succeeded.resolve(event.id);
      });
      const event = envelope('retry.happened');
      await publisher.publish(event);
      await expect(succeeded.promise).resolves.toBe(event.id);
      expect(attempts).toEqual([event.id, event.id, event.id]);
    });

    it('stores an event published twice with the same id once', async () => {
      const [consumer, publisher] = await Promise.all([bus('consumer'), bus('publisher')]);
      const seen: string[] = [];
      const sentinelSeen = deferred();
      const duplicate = envelope('dedup.happened');
      const sentinel = envelope('dedup.happened');
      consumer.subscribe('dedup.*', 'dedup.group', async (event) => {
        seen.push(event.id);
        if (event.id === sentinel.id) sentinelSeen.resolve();
      });
      await publisher.publish(duplicate);
      await publisher.publish(duplicate);
      await publisher.publish(sentinel);
      // One member of the group handles a subject's events in stream order: once the sentinel
      // is in, anything stored before it has been delivered.
      await sentinelSeen.promise;
      expect(seen).toEqual([duplicate.id, sentinel.id]);
    });

    it('keeps a durable group on the server when a process unsubscribes, and catches up later', async () => {
      const [consumer, publisher] = await Promise.all([bus('consumer'), bus('publisher')]);
      const firstSeen = deferred<string>();
      const unsubscribe = consumer.subscribe('resume.happened', 'resume.group', async (event) =>
        firstSeen.resolve(event.id),
      );
      const before = envelope('resume.happened');
      await publisher.publish(before);
      await expect(firstSeen.promise).resolves.toBe(before.id);
      unsubscribe();

      const whileAway = envelope('resume.happened');
      await publisher.publish(whileAway);
      const later = collector(1);
      consumer.subscribe('resume.happened', 'resume.group', later.handle);
      await later.all;
      expect(later.handled).toEqual([whileAway.id]);
    });

    it('fans an ephemeral subscription out to every process, from the moment it is ready', async () => {
      const [first, second, publisher] = await Promise.all([bus('first'), bus('second'), bus('publisher')]);
      const old = envelope('fan.happened');
      await publisher.publish(old);
      const atFirst = collector(1);
      const atSecond = collector(1);
      first.subscribe('fan.*', 'ephemeral:gateway', atFirst.handle);
      second.subscribe('*', 'ephemeral:gateway', async (event) => {
        if (event.type.startsWith('fan.')) await atSecond.handle(event);
      });
      await Promise.all([first.ready(), second.ready()]);
      const fresh = envelope('fan.happened');
      await publisher.publish(fresh);
      await Promise.all([atFirst.all, atSecond.all]);
      expect(atFirst.handled).toEqual([fresh.id]);
      expect(atSecond.handled).toEqual([fresh.id]);
    });

    it('refuses an event type that is not a subject', async () => {
      const publisher = await bus('publisher');
      await expect(publisher.publish(envelope('bad type'))).rejects.toThrow(/cannot be a NATS subject/);
      expect(() => publisher.subscribe('bad.>', 'g', async () => {})).toThrow(/cannot be a NATS subject/);
    });
  });

  describe('outbox relay', () => {
    let dataDir: string;

    beforeAll(() => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'nats-outbox-'));
    });

    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('publishes committed outbox events to a subscriber in another process', async () => {
      const config = loadConfig({ DATA_DIR: dataDir });
      const db = await openDatabase({ name: 'outbox', entities: [], migrations: [], config, logger });
      const [service, consumer] = await Promise.all([bus('service'), bus('consumer')]);
      const received = collector(2);
      const data: unknown[] = [];
      consumer.subscribe('outbox.*', 'outbox.group', async (event) => {
        data.push(event.data);
        await received.handle(event);
      });
      const relay = new OutboxRelay(db.fork, service, logger);
      try {
        await db.fork().transactional(async (em) => {
          recordEvent(em, 'test', 'outbox.recorded', { n: 1 });
          recordEvent(em, 'test', 'outbox.recorded', { n: 2 });
        });
        await relay.flush();
        await received.all;
        expect(data).toEqual([{ n: 1 }, { n: 2 }]);
      } finally {
        await relay.stop();
        await db.close();
      }
    });
  });
});
