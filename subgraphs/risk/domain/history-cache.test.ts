import type { PaymentFact } from './facts';
import { HistoryCache } from './history-cache';

const NOW = new Date('2026-12-01T12:00:00Z');
const MINUTE = 60_000;

function fact(paymentId: string, minutesAgo: number, overrides: Partial<PaymentFact> = {}): PaymentFact {
  return {
    paymentId,
    accountId: 'ada',
    kind: 'TRANSFER',
    status: 'PENDING',
    amountMinor: 1_000n,
    currency: 'EUR',
    payee: 'account:bob',
    declineReason: null,
    createdAt: new Date(NOW.getTime() - minutesAgo * MINUTE),
    ...overrides,
  };
}

const ids = (facts: readonly PaymentFact[]) => facts.map((f) => f.paymentId);

function cache(limits = { maxAgeMs: 60 * MINUTE, maxFacts: 100 }) {
  let now = NOW;
  const history = new HistoryCache(limits, () => now);
  return { history, later: (minutes: number) => (now = new Date(now.getTime() + minutes * MINUTE)) };
}

describe('HistoryCache', () => {
  it('loads an account once, newest first, and keeps the events that arrive while it loads', async () => {
    const { history } = cache();
    let release!: (facts: PaymentFact[]) => void;
    const load = jest.fn(() => new Promise<PaymentFact[]>((resolve) => (release = resolve)));
    const first = history.history('ada', load);
    const second = history.history('ada', load);
    history.record(fact('p3', 1, { status: 'COMPLETED' }));
    history.record(fact('p1', 0, { status: 'DECLINED', declineReason: 'INSUFFICIENT_FUNDS' }));
    release([fact('p2', 5, { status: 'COMPLETED' }), fact('p1', 10)]);
    expect(ids(await first)).toEqual(['p3', 'p2', 'p1']);
    expect(await second).toBe(await first);
    expect(load).toHaveBeenCalledTimes(1);
    // The known payment took the event's status and kept its place (its own time).
    const [, , p1] = await first;
    expect(p1).toMatchObject({ status: 'DECLINED', declineReason: 'INSUFFICIENT_FUNDS' });
    expect(p1.createdAt).toEqual(fact('p1', 10).createdAt);
    expect(await history.history('ada', load)).toEqual(await first);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('puts a new payment in its place by time and never lets a waiting status overwrite a final one', async () => {
    const { history } = cache();
    await history.history('ada', async () => [fact('p3', 1), fact('p1', 20)]);
    history.record(fact('p2', 10));
    history.record(fact('p4', 0));
    history.record(fact('p3', 0, { status: 'COMPLETED' }));
    history.record(fact('p3', 0, { status: 'HELD_FOR_REVIEW' }));
    const facts = await history.history('ada', async () => []);
    expect(ids(facts)).toEqual(['p4', 'p3', 'p2', 'p1']);
    expect(facts[1].status).toBe('COMPLETED');
    history.record(fact('p3', 0, { status: 'REVERSED' }));
    expect((await history.history('ada', async () => []))[1].status).toBe('REVERSED');
  });

  it('knows which payments it holds, and ignores accounts it has not loaded', async () => {
    const { history } = cache();
    history.record(fact('p0', 0, { accountId: 'cy' }));
    await history.history('ada', async () => [fact('p1', 1)]);
    history.record(fact('p2', 0));
    expect(history.has('ada', 'p1')).toBe(true);
    expect(history.has('ada', 'p2')).toBe(true);
    expect(history.has('ada', 'p9')).toBe(false);
    expect(history.has('cy', 'p0')).toBe(false);
    expect(await history.history('cy', async () => [])).toEqual([]);
  });

  it('forgets payments past the age limit and beyond the count limit', async () => {
    const { history, later } = cache({ maxAgeMs: 30 * MINUTE, maxFacts: 3 });
    await history.history('ada', async () => [fact('p4', 0), fact('p3', 5), fact('p2', 10), fact('p1', 25)]);
    expect(ids(await history.history('ada', async () => []))).toEqual(['p4', 'p3', 'p2']);
    expect(history.has('ada', 'p1')).toBe(false);
    later(22);
    expect(ids(await history.history('ada', async () => []))).toEqual(['p4', 'p3']);
    expect(history.has('ada', 'p2')).toBe(false);
    // A late event of a forgotten payment goes in by its time, and the next read forgets it again.
    history.record(fact('p2', 10, { status: 'COMPLETED' }));
    expect(ids(await history.history('ada', async () => []))).toEqual(['p4', 'p3']);
  });
});
