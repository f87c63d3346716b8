import { errorCodes } from './support/graph';
import { fund, newKey, newPayer, ok, pay, usePaymentsGraph } from './support/payments';
import {
  logPosition,
  logPositionAfter,
  TRANSACTION_EVENTS,
  wsClient,
  wsErrorCodes,
  type TransactionEventView,
} from './support/subscriptions';

type Events = { transactionEvents: TransactionEventView };

describe('transactionEvents over graphql-ws through the gateway', () => {
  const g = usePaymentsGraph();

  it("a transfer reaches both wallets' subscriptions, with other subgraphs' fields filled", async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    const topUp = await fund(g.graph, ada, '100.00');
    const after = await logPositionAfter(g.graph, topUp.id);
    const adaWs = wsClient(g.graph, ada.token);
    const bobWs = wsClient(g.graph, bob.token);
    const adaEvents = adaWs.subscribe<Events>(TRANSACTION_EVENTS, { walletId: ada.wallets.EUR, after });
    const bobEvents = bobWs.subscribe<Events>(TRANSACTION_EVENTS, { walletId: bob.wallets.EUR, after });
    const transfer = await ok(
      pay(g.graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.EUR,
        amount: { amount: '40.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    for (const stream of [adaEvents, bobEvents]) {
      const events = (await stream.take(2)).map((result) => result.transactionEvents);
      expect(stream.errors).toEqual([]);
      expect(events.map((event) => [event.type, event.payment.status])).toEqual([
        ['CREATED', 'PENDING'],
        ['COMPLETED', 'COMPLETED'],
      ]);
      expect(events[1].payment).toMatchObject({
        id: transfer.transfer.id,
        amount: { amount: '40.00', currency: 'EUR' },
        cashback: null,
        destinationWallet: { id: bob.wallets.EUR },
      });
      expect(BigInt(events[1].id)).toBeGreaterThan(BigInt(events[0].id));
    }
    // The payer sees its own wallet's owner (from accounts); the payee may not see the payer's wallet.
    expect(adaEvents.results[1].transactionEvents.payment.sourceWallet).toEqual({
      id: ada.wallets.EUR,
      owner: { displayName: 'Test Customer' },
    });
    expect(bobEvents.results[1].transactionEvents.payment.sourceWallet).toBeNull();
    // Risk's assessment (from the risk subgraph) is the payer's to see, as in a query.
    expect(adaEvents.results[1].transactionEvents.payment.riskAssessment).toMatchObject({
      decision: 'APPROVE',
    });
    expect(bobEvents.results[1].transactionEvents.payment.riskAssessment).toBeNull();
    await Promise.all([adaWs.dispose(), bobWs.dispose()]);
  });

  it('another customer subscribed to everything it may see receives none of it', async () => {
    const ada = await newPayer(g.graph);
    const eve = await newPayer(g.graph);
    const after = logPosition(g.graph);
    const eveWs = wsClient(g.graph, eve.token);
    const adaWs = wsClient(g.graph, ada.token);
    const eveEvents = eveWs.subscribe<Events>(TRANSACTION_EVENTS, { after });
    const adaEvents = adaWs.subscribe<Events>(TRANSACTION_EVENTS, { after });
    await fund(g.graph, ada, '10.00');
    await fund(g.graph, eve, '1.00');
    // Eve's own top-up comes after Ada's in the log: once it is here, Ada's would have been too.
    const eveSaw = (await eveEvents.take(2)).map((result) => result.transactionEvents.payment);
    expect(eveSaw.every((payment) => payment.destinationWallet?.id === eve.wallets.EUR)).toBe(true);
    const adaSaw = (await adaEvents.take(2)).map((result) => result.transactionEvents.payment);
    expect(adaSaw.every((payment) => payment.destinationWallet?.id === ada.wallets.EUR)).toBe(true);
    await Promise.all([eveWs.dispose(), adaWs.dispose()]);
  });

  it("someone else's wallet is NOT_FOUND, a bad after is BAD_USER_INPUT", async () => {
    const ada = await newPayer(g.graph);
    const eve = await newPayer(g.graph);
    const ws = wsClient(g.graph, eve.token);
    expect(
      wsErrorCodes(await ws.subscribe(TRANSACTION_EVENTS, { walletId: ada.wallets.EUR }).error()),
    ).toEqual(['NOT_FOUND']);
    expect(wsErrorCodes(await ws.subscribe(TRANSACTION_EVENTS, { after: 'x1' }).error())).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(wsErrorCodes(await ws.subscribe(TRANSACTION_EVENTS, { after: '999999999' }).error())).toEqual([
      'BAD_USER_INPUT',
    ]);
    await ws.dispose();
  });

  it('a connection without a valid token is closed with 4401 and a reason', async () => {
    for (const token of [undefined, 'not-a-jwt']) {
      const ws = wsClient(g.graph, token);
      const closed = await ws.closed;
      expect(closed.code).toBe(4401);
      expect(closed.reason).toMatch(/Unauthorized/);
      await ws.dispose();
    }
  });

  it('queries run on the socket too; a subscription over HTTP is refused with a pointer', async () => {
    const ada = await newPayer(g.graph);
    const ws = wsClient(g.graph, ada.token);
    const me = await ws.subscribe<{ me: { id: string } }>('{ me { id } }').take(1);
    expect(me[0].me.id).toBe(ada.accountId);
    const overHttp = await g.graph.gql(TRANSACTION_EVENTS, {}, ada.token);
    expect(errorCodes(overHttp)).toEqual(['BAD_USER_INPUT']);
    await ws.dispose();
  });
});
