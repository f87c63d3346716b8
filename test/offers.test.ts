import { OfferEvents } from '../subgraphs/offers/contract';
import { errorCodes } from './support/graph';
import {
  activate,
  analystToken,
  cashbackOn,
  createOffer,
  offersOf,
  payMerchant,
  rewardsOf,
} from './support/offers';
import { fund, newPayer, ok, usePaymentsGraph, walletOf } from './support/payments';

describe('offers and cashback, end to end through the gateway', () => {
  const g = usePaymentsGraph();

  it('ranks DINING first for a customer who dines out, and pays 4.00 back on 80.00 at 5 % once activated', async () => {
    const ada = await newPayer(g.graph);
    await fund(g.graph, ada, '1000.00');
    for (const merchant of ['Trattoria', 'Sushi Bar', 'Bistro', 'Café Luna', 'Taqueria']) {
      await payMerchant(g.graph, ada, 'DINING', '20.00', 'EUR', merchant);
    }
    await payMerchant(g.graph, ada, 'TRAVEL', '60.00', 'EUR', 'Rail & Fly');

    const offers = await offersOf(g.graph, ada.token, 100);
    expect(offers.slice(0, 2).map((offer) => offer.category)).toEqual(['DINING', 'DINING']);
    expect(offers.findIndex((offer) => offer.category === 'TRAVEL')).toBeLessThan(
      offers.findIndex((offer) => offer.category === 'GROCERIES'),
    );
    const dining = offers.find((offer) => offer.category === 'DINING' && offer.currency === 'EUR')!;
    expect(dining).toMatchObject({ cashbackRate: '0.05', activated: false });

    expect(await activate(g.graph, ada.token, dining.id)).toMatchObject({ id: dining.id, activated: true });
    const before = (await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount;
    const dinner = await payMerchant(g.graph, ada, 'DINING', '80.00', 'EUR', 'Trattoria');
    const earned = await g.graph.events.waitFor(
      OfferEvents.cashbackEarned,
      (data) => data.paymentId === dinner.id,
    );
    expect(earned.data).toMatchObject({
      accountId: ada.accountId,
      offerId: dining.id,
      amountMinor: 400n,
      currency: 'EUR',
    });

    expect(await cashbackOn(g.graph, ada.token, dinner.id)).toEqual({ amount: '4.00', currency: 'EUR' });
    expect(await cashbackOn(g.graph, await analystToken(g.graph), dinner.id)).toEqual({
      amount: '4.00',
      currency: 'EUR',
    });
    const wallet = await walletOf(g.graph, ada.token, ada.wallets.EUR);
    expect(before).toBe('840.00');
    expect(wallet.balance.amount).toBe('764.00');
    const { wallet: history } = await ok(
      g.graph.gql<{
        wallet: { payments: { edges: { node: { id: string; kind: string; amount: { amount: string } } }[] } };
      }>(
        `query ($id: ID!) { wallet(id: $id) { payments(first: 10, filter: { kind: CASHBACK }) {
          edges { node { id kind amount { amount } } } } } }`,
        { id: ada.wallets.EUR },
        ada.token,
      ),
    );
    expect(history.payments.edges.map((edge) => edge.node)).toEqual([
      { id: earned.data.cashbackPaymentId, kind: 'CASHBACK', amount: { amount: '4.00' } },
    ]);
    expect(
      (await offersOf(g.graph, ada.token, 1)).map((offer) => [offer.id, offer.activated]),
    ).toContainEqual([dining.id, true]);
    expect(await rewardsOf(g.graph, ada.token)).toEqual({
      points: 100 + 60 + 80,
      cashbackEarned: [{ amount: '4.00', currency: 'EUR' }],
    });
  });

  it('shows a customer with no history the most popular offers first', async () => {
    const popular = await createOffer(g.graph, { category: 'HEALTH', cashbackRate: '0.02' });
    for (let i = 0; i < 3; i++) {
      const fan = await newPayer(g.graph);
      await activate(g.graph, fan.token, popular.id);
    }
    const newcomer = await newPayer(g.graph);
    const offers = await offersOf(g.graph, newcomer.token);
    expect(offers[0].id).toBe(popular.id);
  });

  it('earns nothing under minSpend, in another category, before activation, or outside the window', async () => {
    const bo = await newPayer(g.graph);
    await fund(g.graph, bo, '1000.00');
    const offer = await createOffer(g.graph, {
      category: 'SHOPPING',
      cashbackRate: '0.10',
      minSpend: '50.00',
    });
    const early = await payMerchant(g.graph, bo, 'SHOPPING', '80.00');
    await activate(g.graph, bo.token, offer.id);
    const small = await payMerchant(g.graph, bo, 'SHOPPING', '49.99');
    const elsewhere = await payMerchant(g.graph, bo, 'GROCERIES', '80.00');
    const upcoming = await createOffer(g.graph, {
      category: 'UTILITIES',
      cashbackRate: '0.10',
      validFrom: new Date(Date.now() + 3_600_000),
    });
    await activate(g.graph, bo.token, upcoming.id);
    const tooSoon = await payMerchant(g.graph, bo, 'UTILITIES', '80.00');
    for (const payment of [early, small, elsewhere, tooSoon]) {
      expect(await cashbackOn(g.graph, bo.token, payment.id)).toBeNull();
    }
    const qualifying = await payMerchant(g.graph, bo, 'SHOPPING', '50.00');
    await g.graph.events.waitFor(OfferEvents.cashbackEarned, (data) => data.paymentId === qualifying.id);
    expect(await cashbackOn(g.graph, bo.token, qualifying.id)).toEqual({ amount: '5.00', currency: 'EUR' });
    expect(
      g.graph.events.all(OfferEvents.cashbackEarned, (data) => data.accountId === bo.accountId),
    ).toHaveLength(1);
  });

  it('an ended offer earns nothing more, no longer shows, and cannot be activated', async () => {
    const cy = await newPayer(g.graph);
    const dee = await newPayer(g.graph);
    await fund(g.graph, cy, '500.00');
    const offer = await createOffer(g.graph, { category: 'TRANSPORT', cashbackRate: '0.10' });
    await activate(g.graph, cy.token, offer.id);
    const { endOffer } = await ok(
      g.graph.gql<{ endOffer: { validUntil: string } }>(
        'mutation ($id: ID!) { endOffer(offerId: $id) { validUntil } }',
        { id: offer.id },
        await analystToken(g.graph),
      ),
    );
    expect(new Date(endOffer.validUntil).getTime()).toBeLessThanOrEqual(Date.now());
    const ride = await payMerchant(g.graph, cy, 'TRANSPORT', '30.00');
    expect(await cashbackOn(g.graph, cy.token, ride.id)).toBeNull();
    expect((await offersOf(g.graph, cy.token, 100)).map((o) => o.id)).not.toContain(offer.id);
    const refused = await g.graph.gql(
      'mutation ($id: ID!) { activateOffer(offerId: $id) { id } }',
      { id: offer.id },
      dee.token,
    );
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
  });

  it('caps cashback per payment and per offer', async () => {
    const eve = await newPayer(g.graph);
    await fund(g.graph, eve, '1000.00');
    const offer = await createOffer(g.graph, {
      category: 'ENTERTAINMENT',
      cashbackRate: '0.10',
      maxCashback: '5.00',
      maxTotalCashback: '8.00',
    });
    await activate(g.graph, eve.token, offer.id);
    const amounts = [];
    for (let i = 0; i < 3; i++) {
      const payment = await payMerchant(g.graph, eve, 'ENTERTAINMENT', '80.00');
      if (i < 2)
        await g.graph.events.waitFor(OfferEvents.cashbackEarned, (data) => data.paymentId === payment.id);
      amounts.push((await cashbackOn(g.graph, eve.token, payment.id))?.amount ?? null);
    }
    expect(amounts).toEqual(['5.00', '3.00', null]);
    expect((await rewardsOf(g.graph, eve.token)).cashbackEarned).toEqual([
      { amount: '8.00', currency: 'EUR' },
    ]);
    expect((await walletOf(g.graph, eve.token, eve.wallets.EUR)).balance.amount).toBe('768.00');
  });

  it("payments completing at the same time never earn more than the offer's cap together", async () => {
    const fay = await newPayer(g.graph);
    await fund(g.graph, fay, '500.00');
    const offer = await createOffer(g.graph, {
      category: 'GROCERIES',
      cashbackRate: '0.10',
      maxCashback: '5.00',
      maxTotalCashback: '8.00',
    });
    await activate(g.graph, fay.token, offer.id);
    const payments = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        payMerchant(g.graph, fay, 'GROCERIES', '30.00', 'EUR', `Market ${i}`),
      ),
    );
    // The events are relayed after the credits commit: wait for each of the three.
    const earned: bigint[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const event = await g.graph.events.waitFor(
        OfferEvents.cashbackEarned,
        (data) => data.accountId === fay.accountId && !seen.has(data.cashbackId),
      );
      seen.add(event.data.cashbackId);
      earned.push(event.data.amountMinor);
    }
    expect(earned.sort()).toEqual([200n, 300n, 300n]);
    const shown = await Promise.all(payments.map((payment) => cashbackOn(g.graph, fay.token, payment.id)));
    expect(shown.filter((cashback) => cashback === null)).toHaveLength(1);
    expect((await rewardsOf(g.graph, fay.token)).cashbackEarned).toEqual([
      { amount: '8.00', currency: 'EUR' },
    ]);
  });
});
