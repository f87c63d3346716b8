import { startTestGraph } from './support/graph';
import { fund, newPayer, usePaymentsGraph } from './support/payments';
import {
  idsAndTypes,
  logPosition,
  TRANSACTION_EVENTS,
  wsClient,
  type TransactionEventView,
} from './support/subscriptions';

type Events = { transactionEvents: TransactionEventView };

describe('resuming a subscription with after', () => {
  const g = usePaymentsGraph();

  it('after a disconnect: exactly the missed events, in order, then live ones', async () => {
    const ada = await newPayer(g.graph);
    const variables = { walletId: ada.wallets.EUR, after: logPosition(g.graph) };
    const first = wsClient(g.graph, ada.token);
    const before = await fund(g.graph, ada, '5.00');
    const seen = await first.subscribe<Events>(TRANSACTION_EVENTS, variables).take(2);
    expect(idsAndTypes(seen)).toEqual([
      [before.id, 'CREATED'],
      [before.id, 'COMPLETED'],
    ]);
    await first.dispose();

    const missed = [];
    for (const amount of ['1.00', '2.00', '3.00']) missed.push(await fund(g.graph, ada, amount));
    const again = wsClient(g.graph, ada.token);
    const resumed = again.subscribe<Events>(TRANSACTION_EVENTS, {
      ...variables,
      after: seen[1].transactionEvents.id,
    });
    const replayed = await resumed.take(6);
    expect(idsAndTypes(replayed)).toEqual(
      missed.flatMap((payment) => [
        [payment.id, 'CREATED'],
        [payment.id, 'COMPLETED'],
      ]),
    );
    const live = await fund(g.graph, ada, '4.00');
    const all = await resumed.take(8);
    expect(idsAndTypes(all.slice(6))).toEqual([
      [live.id, 'CREATED'],
      [live.id, 'COMPLETED'],
    ]);
    const ids = all.map((result) => BigInt(result.transactionEvents.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(ids).size).toBe(ids.length);
    await again.dispose();
  });

  it('a replay racing live events gives each once, in order, with no gap at the seam', async () => {
    const ada = await newPayer(g.graph);
    const after = logPosition(g.graph);
    const paid = [];
    for (let i = 0; i < 5; i++) paid.push(await fund(g.graph, ada, '1.00'));
    const ws = wsClient(g.graph, ada.token);
    const stream = ws.subscribe<Events>(TRANSACTION_EVENTS, { walletId: ada.wallets.EUR, after });
    // More payments while the replay of the first five is under way.
    for (let i = 0; i < 5; i++) paid.push(await fund(g.graph, ada, '1.00'));
    const events = await stream.take(20);
    expect(idsAndTypes(events)).toEqual(
      paid.flatMap((payment) => [
        [payment.id, 'CREATED'],
        [payment.id, 'COMPLETED'],
      ]),
    );
    await ws.dispose();
  });
});

describe('a graceful shutdown', () => {
  it('completes subscriptions and closes with 1001 and a reason to resume', async () => {
    const graph = await startTestGraph();
    try {
      const ada = await newPayer(graph);
      const ws = wsClient(graph, ada.token);
      const stream = ws.subscribe<Events>(TRANSACTION_EVENTS, { after: logPosition(graph) });
      await fund(graph, ada, '1.00');
      await stream.take(2);
      const closing = graph.graph.services.gateway.close();
      delete graph.graph.services.gateway;
      const closed = await ws.closed;
      await closing;
      expect(closed.code).toBe(1001);
      expect(closed.reason).toMatch(/resume with after/);
      await ws.dispose();
    } finally {
      await graph.close();
    }
  });
});
