import WebSocket from 'ws';
import { fund, newKey, newPayer, ok, pay, usePaymentsGraph } from './support/payments';
import {
  idsAndTypes,
  logPosition,
  metricValue,
  TRANSACTION_EVENTS,
  wsClient,
  wsErrorCodes,
  type TransactionEventView,
} from './support/subscriptions';

type Events = { transactionEvents: TransactionEventView };

describe('clients of one subscription share its source', () => {
  // Heavy events for the stalled client below need a higher cost limit than clients get by default.
  const g = usePaymentsGraph({
    SUBSCRIPTION_BUFFER_EVENTS: '20',
    SUBSCRIPTION_BUFFER_BYTES: '4194304',
    MAX_QUERY_COST: '100000',
    SUBSCRIPTIONS_PER_CONNECTION: '3',
    SUBSCRIPTIONS_PER_ACCOUNT: '5',
  });

  it('caps subscriptions per connection and per account with RATE_LIMITED, and frees a place when one closes', async () => {
    const ada = await newPayer(g.graph);
    const open = await metricValue(g.graph, 'gateway_subscriptions_open');
    const openReaches = async (count: number) => {
      while ((await metricValue(g.graph, 'gateway_subscriptions_open')) < open + count);
    };
    // Four at once on one connection: the fourth is refused even while the others are being checked.
    const first = wsClient(g.graph, ada.token);
    const streams = [1, 2, 3, 4].map(() => first.subscribe(TRANSACTION_EVENTS, {}));
    await openReaches(3);
    expect(
      streams.filter((stream) => stream.errors.length).map((stream) => wsErrorCodes(stream.errors[0])),
    ).toEqual([['RATE_LIMITED']]);
    // Five for the account (SUBSCRIPTIONS_PER_ACCOUNT): a sixth on another connection is refused.
    const second = wsClient(g.graph, ada.token);
    second.subscribe(TRANSACTION_EVENTS, {});
    second.subscribe(TRANSACTION_EVENTS, {});
    await openReaches(5);
    expect(wsErrorCodes(await second.subscribe(TRANSACTION_EVENTS, {}).error())).toEqual(['RATE_LIMITED']);
    // Closing a connection frees its places.
    await first.dispose();
    const again = wsClient(g.graph, ada.token);
    const stream = again.subscribe<Events>(TRANSACTION_EVENTS, { after: logPosition(g.graph) });
    const topUp = await fund(g.graph, ada, '1.00');
    expect(idsAndTypes(await stream.take(2))).toEqual([
      [topUp.id, 'CREATED'],
      [topUp.id, 'COMPLETED'],
    ]);
    await Promise.all([second.dispose(), again.dispose()]);
  });

  it('five clients open one source, each event is resolved once, and closing the first leaves the rest receiving', async () => {
    const ada = await newPayer(g.graph);
    const sourcesBefore = await metricValue(g.graph, 'gateway_subscription_sources');
    const openBefore = await metricValue(g.graph, 'gateway_subscriptions_open');
    const after = logPosition(g.graph);
    const clients = Array.from({ length: 5 }, () => wsClient(g.graph, ada.token));
    const streams = clients.map((client) =>
      client.subscribe<Events>(TRANSACTION_EVENTS, { walletId: ada.wallets.EUR, after }),
    );
    const first = await fund(g.graph, ada, '1.00');
    for (const stream of streams) await stream.take(2);
    expect(await metricValue(g.graph, 'gateway_subscriptions_open')).toBe(openBefore + 5);
    expect(await metricValue(g.graph, 'gateway_subscription_sources')).toBe(sourcesBefore + 1);

    await clients[0].dispose();
    const resolvedBefore = await metricValue(g.graph, 'gateway_subscription_events_resolved_total');
    const second = await fund(g.graph, ada, '2.00');
    for (const stream of streams.slice(1)) {
      expect(idsAndTypes(await stream.take(4))).toEqual([
        [first.id, 'CREATED'],
        [first.id, 'COMPLETED'],
        [second.id, 'CREATED'],
        [second.id, 'COMPLETED'],
      ]);
    }
    // Two events, resolved once each for the four clients left.
    expect((await metricValue(g.graph, 'gateway_subscription_events_resolved_total')) - resolvedBefore).toBe(
      2,
    );
    await Promise.all(clients.slice(1).map((client) => client.dispose()));
  });

  it('a client that stops reading is closed with 4413; another on the same source receives every event', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await fund(g.graph, ada, '500.00');
    // Each event carries the wallet's last payments' long notes many times over (cheap to
    // resolve, large to send), so that a stalled socket fills the kernel's buffers (a few MB on
    // loopback) within a few dozen events.
    const note = 'n'.repeat(500);
    const send = () =>
      pay(g.graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.EUR,
        amount: { amount: '1.00', currency: 'EUR' },
        note,
        idempotencyKey: newKey(),
      });
    for (let batch = 0; batch < 4; batch++) await Promise.all(Array.from({ length: 5 }, send));
    const notes = Array.from({ length: 25 }, (_, i) => `n${i}: note`).join(' ');
    const heavy = `subscription ($walletId: ID, $after: ID) { transactionEvents(walletId: $walletId, after: $after) {
      id type payment { id status sourceWallet { payments(first: 20) { edges { node { id ${notes} } } } } }
    } }`;
    const after = logPosition(g.graph);
    const tooSlowBefore = await metricValue(
      g.graph,
      'gateway_subscription_connections_closed_total',
      'code="4413"',
    );
    const slow = new WebSocket(g.graph.wsUrl, 'graphql-transport-ws');
    const slowClosed = new Promise<{ code: number; reason: string }>((resolve) =>
      slow.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    await new Promise<void>((resolve) => slow.once('open', () => resolve()));
    slow.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${ada.token}` } }));
    await new Promise<void>((resolve) => slow.once('message', () => resolve()));
    slow.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: heavy, variables: { walletId: ada.wallets.EUR, after } },
      }),
    );
    // It never reads again: the gateway's writes pile up in the socket.
    const socket = (slow as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();

    const fast = wsClient(g.graph, ada.token);
    const stream = fast.subscribe<{ transactionEvents: { id: string } }>(heavy, {
      walletId: ada.wallets.EUR,
      after,
    });
    let paid = 0;
    while (
      (await metricValue(g.graph, 'gateway_subscription_connections_closed_total', 'code="4413"')) ===
      tooSlowBefore
    ) {
      await ok(send());
      paid++;
      if (paid > 200) throw new Error('the stalled client was never closed');
    }
    // Reading again, it finds what was sent before the close, then the close itself.
    socket.resume();
    const closed = await slowClosed;
    expect(closed.code).toBe(4413);
    expect(closed.reason).toMatch(/resume with after/);
    const received = await stream.take(paid * 2);
    expect(stream.errors).toEqual([]);
    expect(new Set(received.map((result) => result.transactionEvents.id)).size).toBe(paid * 2);
    await fast.dispose();
  }, 120_000);
});
