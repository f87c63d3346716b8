import { OfferEvents } from '../subgraphs/offers/contract';
import { postGraphQL } from './support/gql';
import { payMerchant } from './support/offers';
import { fund, newPayer, ok, usePaymentsGraph, type Payer } from './support/payments';
import type { TestGraph } from './support/graph';

interface CategorySpendView {
  category: string;
  amount: { amount: string; currency: string };
  count: number;
  budget: { amount: string } | null;
}

async function setBudget(graph: TestGraph, payer: Payer, category: string, amount: string, currency = 'EUR') {
  return ok(
    graph.gql<{
      setBudget: { id: string; category: string; limit: { amount: string }; spent: { amount: string } };
    }>(
      `mutation ($input: SetBudgetInput!) { setBudget(input: $input) { id category limit { amount } spent { amount } } }`,
      { input: { category, limit: { amount, currency } } },
      payer.token,
    ),
  ).then((data) => data.setBudget);
}

async function insights(graph: TestGraph, payer: Payer, month?: string): Promise<CategorySpendView[]> {
  const data = await ok(
    graph.gql<{ me: { spendingInsights: CategorySpendView[] } }>(
      `query ($month: String) { me { spendingInsights(month: $month) {
        category amount { amount currency } count budget { amount } } } }`,
      { month },
      payer.token,
    ),
  );
  return data.me.spendingInsights;
}

describe('spending insights and budgets, end to end through the gateway', () => {
  const g = usePaymentsGraph();

  it("adds up the month's merchant payments per category, with each category's budget", async () => {
    const ada = await newPayer(g.graph);
    await fund(g.graph, ada, '500.00');
    await setBudget(g.graph, ada, 'GROCERIES', '300.00');
    await setBudget(g.graph, ada, 'HEALTH', '50.00');
    for (const amount of ['42.10', '17.35', '8.05']) await payMerchant(g.graph, ada, 'GROCERIES', amount);
    await payMerchant(g.graph, ada, 'DINING', '23.40');
    await payMerchant(g.graph, ada, 'DINING', '11.60');

    expect(await insights(g.graph, ada)).toEqual([
      {
        category: 'GROCERIES',
        amount: { amount: '67.50', currency: 'EUR' },
        count: 3,
        budget: { amount: '300.00' },
      },
      { category: 'DINING', amount: { amount: '35.00', currency: 'EUR' }, count: 2, budget: null },
      {
        category: 'HEALTH',
        amount: { amount: '0.00', currency: 'EUR' },
        count: 0,
        budget: { amount: '50.00' },
      },
    ]);
    const { me } = await ok(
      g.graph.gql<{
        me: { budgets: { category: string; limit: { amount: string }; spent: { amount: string } }[] };
      }>('{ me { budgets { category limit { amount } spent { amount } } } }', {}, ada.token),
    );
    expect(me.budgets).toEqual([
      { category: 'GROCERIES', limit: { amount: '300.00' }, spent: { amount: '67.50' } },
      { category: 'HEALTH', limit: { amount: '50.00' }, spent: { amount: '0.00' } },
    ]);
    expect(await insights(g.graph, ada, '2020-01')).toEqual([
      {
        category: 'GROCERIES',
        amount: { amount: '0.00', currency: 'EUR' },
        count: 0,
        budget: { amount: '300.00' },
      },
      {
        category: 'HEALTH',
        amount: { amount: '0.00', currency: 'EUR' },
        count: 0,
        budget: { amount: '50.00' },
      },
    ]);
  });

  it('publishes budget.threshold once at 80 % and once at 100 %, however many payments follow', async () => {
    const bo = await newPayer(g.graph);
    await fund(g.graph, bo, '500.00');
    const budget = await setBudget(g.graph, bo, 'SHOPPING', '100.00');
    const thresholds = () =>
      g.graph.events
        .all(OfferEvents.budgetThreshold, (data) => data.budgetId === budget.id)
        .map((e) => e.data);

    await payMerchant(g.graph, bo, 'SHOPPING', '50.00');
    expect(thresholds()).toEqual([]);
    const crossing = await payMerchant(g.graph, bo, 'SHOPPING', '30.00');
    await g.graph.events.waitFor(OfferEvents.budgetThreshold, (data) => data.paymentId === crossing.id);
    await payMerchant(g.graph, bo, 'SHOPPING', '15.00');
    const over = await payMerchant(g.graph, bo, 'SHOPPING', '10.00');
    await g.graph.events.waitFor(OfferEvents.budgetThreshold, (data) => data.paymentId === over.id);
    await payMerchant(g.graph, bo, 'SHOPPING', '5.00');
    await payMerchant(g.graph, bo, 'GROCERIES', '90.00');
    await g.graph.graph.drain();

    const month = new Date().toISOString().slice(0, 7);
    expect(thresholds()).toEqual([
      {
        alertId: expect.any(String),
        accountId: bo.accountId,
        budgetId: budget.id,
        category: 'SHOPPING',
        month,
        thresholdPercent: 80,
        spentMinor: 8_000n,
        limitMinor: 10_000n,
        currency: 'EUR',
        paymentId: crossing.id,
        crossedAt: crossing.completedAt,
      },
      expect.objectContaining({ thresholdPercent: 100, spentMinor: 10_500n, paymentId: over.id }),
    ]);
    const [eighty, hundred] = thresholds();
    const { me } = await ok(
      g.graph.gql<{
        me: {
          budgetAlerts: { id: string; thresholdPercent: number; budget: { spent: { amount: string } } }[];
        };
      }>(
        '{ me { budgetAlerts { id thresholdPercent budget { spent { amount } } payment { id } } } }',
        {},
        bo.token,
      ),
    );
    expect(me.budgetAlerts).toEqual([
      {
        id: hundred.alertId,
        thresholdPercent: 100,
        budget: { spent: { amount: '110.00' } },
        payment: { id: over.id },
      },
      {
        id: eighty.alertId,
        thresholdPercent: 80,
        budget: { spent: { amount: '110.00' } },
        payment: { id: crossing.id },
      },
    ]);
  });

  it('payments completing at the same time still raise each threshold once', async () => {
    const dee = await newPayer(g.graph);
    await fund(g.graph, dee, '500.00');
    const budget = await setBudget(g.graph, dee, 'ENTERTAINMENT', '100.00');
    const payments = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        payMerchant(g.graph, dee, 'ENTERTAINMENT', '15.00', 'EUR', `Arcade ${i}`),
      ),
    );
    // The events are relayed after their transactions commit: wait for each threshold's.
    const alerts = await Promise.all(
      ([80, 100] as const).map((percent) =>
        g.graph.events.waitFor(
          OfferEvents.budgetThreshold,
          (data) => data.budgetId === budget.id && data.thresholdPercent === percent,
        ),
      ),
    );
    const { me } = await ok(
      g.graph.gql<{ me: { budgetAlerts: { thresholdPercent: number }[] } }>(
        '{ me { budgetAlerts { thresholdPercent } } }',
        {},
        dee.token,
      ),
    );
    expect(me.budgetAlerts.map((alert) => alert.thresholdPercent).sort((a, b) => a - b)).toEqual([80, 100]);
    expect(
      g.graph.events
        .all(OfferEvents.budgetThreshold, (data) => data.budgetId === budget.id)
        .map((e) => e.data.alertId),
    ).toEqual(expect.arrayContaining(alerts.map((alert) => alert.data.alertId)));
    for (const alert of alerts) {
      expect(alert.data.spentMinor * 100n).toBeGreaterThanOrEqual(
        10_000n * BigInt(alert.data.thresholdPercent),
      );
      expect(payments.map((payment) => payment.id)).toContain(alert.data.paymentId);
    }
    expect((await insights(g.graph, dee)).find((row) => row.category === 'ENTERTAINMENT')).toMatchObject({
      amount: { amount: '150.00' },
      count: 10,
    });
  });

  it('resolves a BudgetAlert and a Budget by reference for their owner only, as a subscription would', async () => {
    const cy = await newPayer(g.graph);
    const stranger = await newPayer(g.graph);
    await fund(g.graph, cy, '100.00');
    const budget = await setBudget(g.graph, cy, 'TRANSPORT', '10.00');
    const ride = await payMerchant(g.graph, cy, 'TRANSPORT', '12.00');
    const alert = await g.graph.events.waitFor(
      OfferEvents.budgetThreshold,
      (data) => data.paymentId === ride.id && data.thresholdPercent === 100,
    );
    const offers = g.graph.graph.services.offers.url;
    const entities = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on BudgetAlert { id thresholdPercent category spent { amount } limit { amount } account { id } }
      ... on Budget { id category spent { amount } } } }`;
    const representations = [
      { __typename: 'BudgetAlert', id: alert.data.alertId },
      { __typename: 'Budget', id: budget.id },
    ];
    const ask = async (token: string) =>
      (
        await ok(
          postGraphQL<{ _entities: unknown[] }>(offers, entities, { representations }, token, {
            signer: g.graph.signer,
          }),
        )
      )._entities;
    expect(await ask(cy.token)).toEqual([
      {
        id: alert.data.alertId,
        thresholdPercent: 100,
        category: 'TRANSPORT',
        spent: { amount: '12.00' },
        limit: { amount: '10.00' },
        account: { id: cy.accountId },
      },
      { id: budget.id, category: 'TRANSPORT', spent: { amount: '12.00' } },
    ]);
    expect(await ask(stranger.token)).toEqual([null, null]);
  });
});
