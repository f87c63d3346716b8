import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Conflict } from '../errors';
import { createLogger } from '../logger';
import { loadConfig } from '../config';
import { openDatabase, type Database } from '../database';
import { command, type EventEnvelope } from './bus';
import { CommandUnavailable, InProcessBus } from './in-process';
import { consumeOnce, OutboxRelay, recordEvent } from './outbox';
import { OutboxEvent } from './outbox.entities';

const logger = createLogger('silent');
const echo = command<{ n: number }, { doubled: string }>('test.echo');

describe('InProcessBus', () => {
  it('answers commands through JSON and brings typed errors back', async () => {
    const bus = new InProcessBus(logger);
    bus.handle(echo, async ({ n }) => {
      if (n < 0) throw new Conflict('negative', 'n');
      return { doubled: String(BigInt(n) * 2n) };
    });
    await expect(bus.request(echo, { n: 21 })).resolves.toEqual({ doubled: '42' });
    await expect(bus.request(echo, { n: -1 })).rejects.toMatchObject({ code: 'CONFLICT', field: 'n' });
    await expect(bus.request(command('test.nobody'), {})).rejects.toBeInstanceOf(CommandUnavailable);
    await bus.close();
  });

  it('delivers events by pattern and retries a failing handler', async () => {
    const bus = new InProcessBus(logger);
    const seen: string[] = [];
    let failures = 1;
    bus.subscribe('payment.*', 'c1', async (event) => {
      if (failures-- > 0) throw new Error('transient');
      seen.push(event.type);
    });
    bus.subscribe('account.frozen', 'c2', async (event) => void seen.push(`c2:${event.type}`));
    const event = (type: string): EventEnvelope => ({
      id: type,
      type,
      source: 't',
      occurredAt: '',
      data: {},
    });
    await bus.publish(event('payment.completed'));
    await bus.publish(event('account.frozen'));
    await bus.drain();
    expect(seen.sort()).toEqual(['c2:account.frozen', 'payment.completed']);
    await bus.close();
  });
});

describe('outbox', () => {
  let db: Database;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    const url = process.env.TEST_DB === 'postgresql' ? process.env.TEST_DATABASE_URL : undefined;
    const config = loadConfig({
      DATA_DIR: dataDir,
      ...(url ? { DATABASE_URL: url, DATABASE_SCHEMA_PREFIX: `t${randomBytes(4).toString('hex')}_` } : {}),
    });
    db = await openDatabase({ name: 'outbox', entities: [], migrations: [], config, logger });
  });

  afterAll(async () => {
    if (db.dialect === 'postgresql')
      await db.orm.em.getConnection().execute(`drop schema "${db.orm.config.get('schema')}" cascade`);
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes only what was committed, and each consumer processes it once', async () => {
    const bus = new InProcessBus(logger);
    const relay = new OutboxRelay(db.fork, bus, logger, { skipLocked: db.dialect === 'postgresql' });
    const processed: number[] = [];
    bus.subscribe('thing.*', 'counter', async (event) => {
      await consumeOnce(db.fork(), 'counter', event, async () => {
        processed.push((event.data as { n: number }).n);
      });
    });
    await db.fork().transactional(async (em) => {
      recordEvent(em, 'test', 'thing.happened', { n: 1 });
      recordEvent(em, 'test', 'thing.happened', { n: 2 });
    });
    await db
      .fork()
      .transactional(async (em) => {
        recordEvent(em, 'test', 'thing.happened', { n: 99 });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await relay.flush();
    await bus.drain();
    expect([...processed].sort()).toEqual([1, 2]);

    // A redelivery of an already processed event changes nothing.
    const [first] = await db.fork().find(OutboxEvent, {}, { orderBy: { seq: 'asc' }, limit: 1 });
    await bus.publish(JSON.parse(first.payload) as EventEnvelope);
    await bus.drain();
    expect([...processed].sort()).toEqual([1, 2]);
    expect(await db.fork().count(OutboxEvent, { publishedAt: null })).toBe(0);
    await relay.stop();
    await bus.close();
  });
});
