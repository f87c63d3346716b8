import { createLogger } from '../../../platform/logger';
import { testDatabase } from '../../../test/support/database';
import { openRiskDatabase } from '../database';
import { GroupWriter } from './group-writer';
import { applyPaymentEvent, factsById } from './history-store';
import { RiskStore } from './risk-store';

describe('group commit of risk writes', () => {
  const place = testDatabase('risk-group-writer');
  let database: Awaited<ReturnType<typeof openRiskDatabase>>;
  let store: RiskStore;

  beforeAll(async () => {
    database = await openRiskDatabase(place.config(), createLogger('silent'));
    store = new RiskStore(database);
  });

  afterAll(async () => {
    await database?.close();
    await place.drop();
  });

  const fact = (paymentId: string) => ({
    paymentId,
    accountId: 'ada',
    kind: 'TRANSFER',
    status: 'COMPLETED',
    amountMinor: 100n,
    currency: 'EUR',
    payee: null,
    declineReason: null,
    createdAt: new Date(),
  });

  it('commits the writes of a moment together, and a failing write fails alone', async () => {
    const writer = new GroupWriter(store);
    const write = (id: string) =>
      writer.write((sql) => applyPaymentEvent(sql, store.dialect, fact(id), new Date()));
    const results = await Promise.allSettled([
      write('p1'),
      writer.write(async (sql) => {
        await sql.all('insert into no_such_table values (1)');
      }),
      write('p2'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await store.read((sql) => factsById(sql, ['p1', 'p2']));
    expect(stored.map((f) => f.paymentId).sort()).toEqual(['p1', 'p2']);
  });
});
