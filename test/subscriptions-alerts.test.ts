import { analystToken, payMerchant } from './support/offers';
import { fund, newPayer, ok, pay, usePaymentsGraph, newKey, type Payer } from './support/payments';
import {
  BUDGET_ALERTS,
  FRAUD_ALERTS,
  logPosition,
  wsClient,
  type BudgetAlertView,
  type FraudAlertView,
} from './support/subscriptions';

type Alerts = { fraudAlerts: FraudAlertView };

describe('fraud and budget alerts over graphql-ws', () => {
  const g = usePaymentsGraph();

  /** A payment risk holds for review: from a new account, most of a fresh top-up, 9,200.00 to a known payee. */
  async function heldPayment(payer: Payer, payee: Payer): Promise<string> {
    await fund(g.graph, payer, '10.00');
    const transfer = (amount: string) =>
      ok(
        pay(g.graph, payer.token, 'transfer', {
          fromWalletId: payer.wallets.EUR,
          toWalletId: payee.wallets.EUR,
          amount: { amount, currency: 'EUR' },
          idempotencyKey: newKey(),
        }),
      ).then((data) => data.transfer);
    expect((await transfer('10.00')).status).toBe('COMPLETED');
    await fund(g.graph, payer, '9500.00');
    const held = await transfer('9200.00');
    expect(held.status).toBe('HELD_FOR_REVIEW');
    return held.id;
  }

  it("a held payment's alert reaches its customer and an analyst, and not another customer", async () => {
    const ada = await newPayer(g.graph);
    const eve = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    const after = logPosition(g.graph);
    const clients = [ada.token, eve.token, await analystToken(g.graph)].map((token) =>
      wsClient(g.graph, token),
    );
    const [adaAlerts, eveAlerts, analystAlerts] = clients.map((client) =>
      client.subscribe<Alerts>(FRAUD_ALERTS, { after }),
    );
    const adaHeld = await heldPayment(ada, bob);
    // Eve's own alert comes after Ada's in the log: the first Eve receives must be hers.
    const eveHeld = await heldPayment(eve, bob);

    const [adaAlert] = (await adaAlerts.take(1)).map((result) => result.fraudAlerts);
    expect(adaAlert).toMatchObject({
      status: 'OPEN',
      account: { id: ada.accountId },
      payment: { id: adaHeld, amount: { amount: '9200.00' } },
    });
    // Risk raises the alert as it decides, before payments holds the payment, and the payment an
    // event carries is read as the event is delivered: still PENDING, or HELD_FOR_REVIEW already.
    expect(['PENDING', 'HELD_FOR_REVIEW']).toContain(adaAlert.payment?.status);
    expect(adaAlert.reasons.map((reason) => reason.code).sort()).toEqual(['LARGE_AMOUNT', 'RAPID_DRAIN']);
    const [eveAlert] = (await eveAlerts.take(1)).map((result) => result.fraudAlerts);
    expect(eveAlert.payment?.id).toBe(eveHeld);
    const seenByAnalyst = (await analystAlerts.take(2)).map((result) => result.fraudAlerts.payment?.id);
    expect(seenByAnalyst).toEqual([adaHeld, eveHeld]);
    expect(BigInt(adaAlert.eventId)).toBeLessThan(BigInt(eveAlert.eventId));
    await Promise.all(clients.map((client) => client.dispose()));
  });

  it('a budget passing 80 % and then 100 % sends one alert each', async () => {
    const ada = await newPayer(g.graph);
    await fund(g.graph, ada, '500.00');
    await ok(
      g.graph.gql(
        `mutation ($input: SetBudgetInput!) { setBudget(input: $input) { category } }`,
        { input: { category: 'DINING', limit: { amount: '100.00', currency: 'EUR' } } },
        ada.token,
      ),
    );
    const ws = wsClient(g.graph, ada.token);
    const stream = ws.subscribe<{ budgetAlerts: BudgetAlertView }>(BUDGET_ALERTS, {
      after: logPosition(g.graph),
    });
    const first = await payMerchant(g.graph, ada, 'DINING', '85.00');
    await payMerchant(g.graph, ada, 'DINING', '5.00');
    const last = await payMerchant(g.graph, ada, 'DINING', '20.00');
    const alerts = (await stream.take(2)).map((result) => result.budgetAlerts);
    expect(alerts).toMatchObject([
      {
        category: 'DINING',
        thresholdPercent: 80,
        spent: { amount: '85.00' },
        limit: { amount: '100.00' },
        payment: { id: first.id },
      },
      { category: 'DINING', thresholdPercent: 100, spent: { amount: '110.00' }, payment: { id: last.id } },
    ]);
    await ws.dispose();
  });
});
