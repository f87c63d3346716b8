import { fund, newPayer, usePaymentsGraph } from './support/payments';
import { grantPartner, registerPartner, revokePartner } from './support/partners';
import {
  logPosition,
  TRANSACTION_EVENTS,
  wsClient,
  wsErrorCodes,
  type TransactionEventView,
} from './support/subscriptions';

type Events = { transactionEvents: TransactionEventView };

describe('a partner app subscribed to transaction events', () => {
  const g = usePaymentsGraph();

  it('receives events only of accounts that granted events:subscribe, and none once revoked', async () => {
    const developer = await newPayer(g.graph);
    const ada = await newPayer(g.graph);
    const carol = await newPayer(g.graph);
    const partner = await registerPartner(g.graph, developer.token, ['events:subscribe']);
    await grantPartner(g.graph, carol.token, partner.appId, ['events:subscribe']);

    const ws = wsClient(g.graph, partner.token);
    const stream = ws.subscribe<Events>(TRANSACTION_EVENTS, { after: logPosition(g.graph) });
    const walletOf = (result: Events) => result.transactionEvents.payment.destinationWallet?.id;

    // Without consent: Ada's top-up is not sent; Carol's, which comes after it, is.
    await fund(g.graph, ada, '1.00');
    const carolFirst = await fund(g.graph, carol, '1.00');
    const first = await stream.take(2);
    expect(first.map(walletOf)).toEqual([carol.wallets.EUR, carol.wallets.EUR]);
    expect(first[1].transactionEvents.payment.id).toBe(carolFirst.id);

    // With consent, Ada's next payment arrives.
    await grantPartner(g.graph, ada.token, partner.appId, ['events:subscribe']);
    const adaGranted = await fund(g.graph, ada, '2.00');
    const second = await stream.take(4);
    expect(second.slice(2).map((result) => result.transactionEvents.payment.id)).toEqual([
      adaGranted.id,
      adaGranted.id,
    ]);

    // Revoked: nothing of Ada's from then on, while Carol's still arrive.
    await revokePartner(g.graph, ada.token, partner.appId);
    await fund(g.graph, ada, '3.00');
    const carolLast = await fund(g.graph, carol, '3.00');
    const third = await stream.take(6);
    expect(third.slice(4).map((result) => result.transactionEvents.payment.id)).toEqual([
      carolLast.id,
      carolLast.id,
    ]);
    await ws.dispose();
  });

  it('a partner token without events:subscribe cannot subscribe (FORBIDDEN)', async () => {
    const developer = await newPayer(g.graph);
    const partner = await registerPartner(g.graph, developer.token, ['payments:read']);
    const ws = wsClient(g.graph, partner.token);
    expect(wsErrorCodes(await ws.subscribe(TRANSACTION_EVENTS, {}).error())).toEqual(['FORBIDDEN']);
    await ws.dispose();
  });
});
