import { TransactionContext } from '@mikro-orm/core';
import { z } from 'zod/v4';
import { testDatabase } from '../../test/support/database';
import { publishEvent, redeliver } from '../../test/support/events';
import { openDatabase, type Database } from '../database';
import { Conflict } from '../errors';
import { createLogger } from '../logger';
import { CommandUnavailable } from './bus';
import { defineCommand, defineEvent, MalformedMessage, minorUnits } from './contract';
import { FaultInjectingBus } from './faults';
import { InProcessBus } from './in-process';
import { consumeOnce, OutboxRelay, recordEvent } from './outbox';
import { OutboxEvent } from './outbox.entities';

const logger = createLogger('silent');

const double = defineCommand('test.double', {
  request: z.object({ amountMinor: minorUnits }),
  reply: z.object({ doubledMinor: minorUnits }),
});
const liar = defineCommand('test.liar', {
  request: z.object({}),
  reply: z.object({ count: z.number().int() }),
});
const happened = defineEvent('thing.happened', 1, z.object({ n: z.number().int() }));
const other = defineEvent('other.happened', 1, z.object({ text: z.string() }));

describe('InProcessBus', () => {
  it('answers commands through JSON, parsed both ways, and brings typed errors back', async () => {
    const bus = new InProcessBus(logger);
    bus.handle(double, async ({ amountMinor }) => {
      if (amountMinor < 0n) throw new Conflict('negative', 'amountMinor');
      return { doubledMinor: (amountMinor * 2n).toString() };
    });
    await expect(bus.request(double, { amountMinor: '21' })).resolves.toEqual({ doubledMinor: 42n });
    await expect(bus.request(double, { amountMinor: '-1' })).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'amountMinor',
    });
    await expect(bus.request(liar, {})).rejects.toMatchObject({ reason: 'no-responder' });
    await bus.close();
  });

  it('refuses a request that breaks its contract with a MalformedMessage naming the command', async () => {
    const bus = new InProcessBus(logger);
    let ran = false;
    bus.handle(double, async () => {
      ran = true;
      return { doubledMinor: '0' };
    });
    const refused = bus.request(double, { amountMinor: '1.5' });
    await expect(refused).rejects.toBeInstanceOf(MalformedMessage);
    await expect(refused).rejects.toMatchObject({
      contract: 'test.double',
      part: 'request',
      message: expect.stringContaining('amountMinor'),
    });
    expect(ran).toBe(false);
    await bus.close();
  });

  it('refuses a reply that breaks its contract on the caller side, naming the command', async () => {
    const bus = new InProcessBus(logger);
    bus.handle(liar, async () => ({ count: 'many' }) as never);
    await expect(bus.request(liar, {})).rejects.toMatchObject({
      name: 'MalformedMessage',
      contract: 'test.liar',
      part: 'reply',
    });
    await bus.close();
  });

  it('delivers each event to the subscriptions of its contract and retries a failing handler', async () => {
    const bus = new InProcessBus(logger);
    const seen: string[] = [];
    let failures = 1;
    bus.subscribe(happened, 'c1', async (event) => {
      if (failures-- > 0) throw new Error('transient');
      seen.push(`c1:${event.data.n}`);
    });
    bus.subscribe([happened, other], 'c2', async (event) => {
      seen.push(event.type === 'other.happened' ? `c2:${event.data.text}` : `c2:${event.data.n}`);
    });
    await publishEvent(bus, 'test', happened, { n: 7 });
    await publishEvent(bus, 'test', other, { text: 'hi' });
    await bus.drain();
    expect(seen.sort()).toEqual(['c1:7', 'c2:7', 'c2:hi']);
    await bus.close();
  });

  it('drops an event whose data breaks its contract, without calling the handler', async () => {
    const bus = new InProcessBus(logger);
    const seen: unknown[] = [];
    bus.subscribe(happened, 'c1', async (event) => void seen.push(event.data));
    await bus.publish({
      id: 'e1',
      type: happened.type,
      payload: JSON.stringify({
        id: 'e1',
        type: happened.type,
        version: 1,
        source: 't',
        occurredAt: 'x',
        data: {},
      }),
    });
    await publishEvent(bus, 'test', happened, { n: 1 });
    await bus.drain();
    expect(seen).toEqual([{ n: 1 }]);
    await bus.close();
  });

  it('lets a test intercept, delay or fail a command through FaultInjectingBus', async () => {
    const bus = new FaultInjectingBus(new InProcessBus(logger));
    bus.handle(double, async ({ amountMinor }) => ({ doubledMinor: (amountMinor * 2n).toString() }));
    const undo = bus.intercept(double, async (payload, next) => {
      const real = await next(payload);
      return { doubledMinor: `${real.doubledMinor}0` };
    });
    await expect(bus.request(double, { amountMinor: '2' })).resolves.toEqual({ doubledMinor: 40n });
    undo();
    bus.fail(double, { times: 1 });
    await expect(bus.request(double, { amountMinor: '2' })).rejects.toBeInstanceOf(CommandUnavailable);
    await expect(bus.request(double, { amountMinor: '2' })).resolves.toEqual({ doubledMinor: 4n });
    bus.delay(double, 200, { times: 1 });
    await expect(bus.request(double, { amountMinor: '2' }, { timeoutMs: 20 })).rejects.toMatchObject({
      reason: 'timeout',
    });
    await bus.close();
  });
});

describe('outbox', () => {
  const place = testDatabase('outbox');
  let db: Database;

  beforeAll(async () => {
    db = await openDatabase({ name: 'outbox', entities: [], migrations: [], config: place.config(), logger });
  });

  afterAll(async () => {
    await db.close();
    await place.drop();
  });

  it('publishes only what was committed, and each consumer processes it once', async () => {
    const bus = new InProcessBus(logger);
    const relay = new OutboxRelay(db, bus, logger);
    const processed: number[] = [];
    bus.subscribe(happened, 'counter', async (event) => {
      await consumeOnce(db.fork(), 'counter', event, async () => {
        processed.push(event.data.n);
      });
    });
    const now = new Date();
    await db.fork().transactional(async (em) => {
      recordEvent(em, 'test', happened, { n: 1 }, now);
      recordEvent(em, 'test', happened, { n: 2 }, now);
    });
    await db
      .fork()
      .transactional(async (em) => {
        recordEvent(em, 'test', happened, { n: 99 }, now);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await relay.flush();
    await bus.drain();
    expect([...processed].sort()).toEqual([1, 2]);

    // A redelivery of an already processed event changes nothing.
    const [first] = await db.fork().find(OutboxEvent, {}, { orderBy: { seq: 'asc' }, limit: 1 });
    await redeliver(bus, JSON.parse(first.payload));
    await bus.drain();
    expect([...processed].sort()).toEqual([1, 2]);
    expect(await db.fork().count(OutboxEvent, { publishedAt: null })).toBe(0);
    await relay.stop();
    await bus.close();
  });

  it('refuses to record an event whose data breaks its contract', async () => {
    await expect(
      db.fork().transactional(async (em) => {
        recordEvent(em, 'test', happened, { n: 'one' } as never, new Date());
      }),
    ).rejects.toMatchObject({ name: 'MalformedMessage', contract: 'thing.happened', part: 'event' });
  });

  it('runs handlers and consumers outside the caller’s transaction, as across a broker', async () => {
    const bus = new InProcessBus(logger);
    const seen: string[] = [];
    const inTransaction = () => (TransactionContext.getEntityManager() ? 'inside' : 'outside');
    bus.handle(double, async ({ amountMinor }) => {
      seen.push(`command ${inTransaction()}`);
      return { doubledMinor: amountMinor.toString() };
    });
    bus.subscribe(happened, 'context', async () => {
      seen.push(`event ${inTransaction()}`);
    });
    await db.fork().transactional(async () => {
      await bus.request(double, { amountMinor: '1' });
      await publishEvent(bus, 'test', happened, { n: 1 });
    });
    await bus.drain();
    expect(seen).toEqual(['command outside', 'event outside']);
    await bus.close();
  });
});
