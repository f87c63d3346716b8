import { CommandUnavailable } from '../platform/bus';
import { newId } from '../platform/ids';
import type { OffersRunningService } from '../subgraphs/offers';
import { OfferEvents } from '../subgraphs/offers/contract';
import { PaymentCommands, PaymentEvents } from '../subgraphs/payments/contract';
import { publishEvent, redeliver } from './support/events';
import { errorCodes } from './support/graph';
import { activate, cashbackOn, createOffer, payMerchant, rewardsOf } from './support/offers';
import { fund, newPayer, ok, usePaymentsGraph, walletOf, type Payer } from './support/payments';
import type { TestGraph } from './support/graph';

/** An event's data as it travels: minor units as strings, as the publisher wrote them. */
function onTheWire(data: object): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(data, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
  );
}

const REDEEM = `mutation ($input: RedeemPointsInput!) {
  redeemPoints(input: $input) { id kind status amount { amount currency } destinationWallet { id } }
}`;

function redeem(
  graph: TestGraph,
  payer: Payer,
  points: number,
  idempotencyKey = newId(),
  walletId = payer.wallets.EUR,
) {
  return graph.gql<{
    redeemPoints: { id: string; kind: string; status: string; amount: { amount: string } };
  }>(REDEEM, { input: { points, walletId, idempotencyKey } }, payer.token);
}

async function cashbackPayments(graph: TestGraph, payer: Payer): Promise<string[]> {
  const { wallet } = await ok(
    graph.gql<{ wallet: { payments: { edges: { node: { id: string } }[] } } }>(
      `query ($id: ID!) { wallet(id: $id) { payments(first: 100, filter: { kind: CASHBACK }) { edges { node { id } } } } }`,
      { id: payer.wallets.EUR },
      payer.token,
    ),
  );
  return wallet.payments.edges.map((edge) => edge.node.id);
}

describe('rewards: cashback once per payment, points never below zero', () => {
  // Unanswered credits are asked for again only when a test runs the retry pass.
  const g = usePaymentsGraph({
    OFFERS_CREDIT_RETRY_AFTER_MS: '1',
    OFFERS_CREDIT_RETRY_INTERVAL_MS: '3600000',
  });
  const offersService = () => g.graph.graph.services.offers as OffersRunningService;

  /** Lets payments credit the next reward but loses its answer, as a timeout does. */
  const loseNextCreditAnswer = () =>
    g.graph.graph.bus.intercept(
      PaymentCommands.creditReward,
      async (payload, next) => {
        await next(payload);
        throw new CommandUnavailable(PaymentCommands.creditReward.subject, 'timeout');
      },
      { times: 1 },
    );

  it('the same payment.completed delivered twice, or again under a new event id, pays its cashback once', async () => {
    const ada = await newPayer(g.graph);
    await fund(g.graph, ada, '200.00');
    const offer = await createOffer(g.graph, { category: 'GROCERIES', cashbackRate: '0.05' });
    await activate(g.graph, ada.token, offer.id);
    const shop = await payMerchant(g.graph, ada, 'GROCERIES', '40.00');
    await g.graph.events.waitFor(OfferEvents.cashbackEarned, (data) => data.paymentId === shop.id);

    const completed = await g.graph.events.waitFor(
      PaymentEvents.completed,
      (data) => data.paymentId === shop.id,
    );
    await redeliver(g.graph.graph.bus, { ...completed, data: onTheWire(completed.data) });
    await publishEvent(
      g.graph.graph.bus,
      'payments',
      PaymentEvents.completed,
      onTheWire(completed.data) as never,
    );
    await g.graph.graph.drain();

    expect(g.graph.events.all(OfferEvents.cashbackEarned, (data) => data.paymentId === shop.id)).toHaveLength(
      1,
    );
    expect(await cashbackOn(g.graph, ada.token, shop.id)).toEqual({ amount: '2.00', currency: 'EUR' });
    expect(await cashbackPayments(g.graph, ada)).toHaveLength(1);
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('162.00');
    expect((await rewardsOf(g.graph, ada.token)).points).toBe(40);
  });

  it('a cashback whose credit answer was lost is credited once when the retry pass asks again', async () => {
    const dee = await newPayer(g.graph);
    await fund(g.graph, dee, '100.00');
    const offer = await createOffer(g.graph, { category: 'TRAVEL', cashbackRate: '0.10' });
    await activate(g.graph, dee.token, offer.id);
    loseNextCreditAnswer();
    const trip = await payMerchant(g.graph, dee, 'TRAVEL', '30.00');
    expect(g.graph.events.all(OfferEvents.cashbackEarned, (data) => data.paymentId === trip.id)).toEqual([]);

    await offersService().retryCredits();
    const earned = await g.graph.events.waitFor(
      OfferEvents.cashbackEarned,
      (data) => data.paymentId === trip.id,
    );
    expect(await cashbackPayments(g.graph, dee)).toEqual([earned.data.cashbackPaymentId]);
    expect((await walletOf(g.graph, dee.token, dee.wallets.EUR)).balance.amount).toBe('73.00');
    await offersService().retryCredits();
    expect(await cashbackPayments(g.graph, dee)).toHaveLength(1);
  });

  it('20 concurrent redemptions of more points than the customer has redeem at most what the balance allows', async () => {
    const bo = await newPayer(g.graph);
    await fund(g.graph, bo, '200.00');
    await payMerchant(g.graph, bo, 'OTHER', '100.00');
    expect((await rewardsOf(g.graph, bo.token)).points).toBe(100);

    // A client retries an answer it did not get (a timeout on a loaded machine) with the same key.
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const key = newId();
        let answer = await redeem(g.graph, bo, 30, key);
        for (
          let retry = 0;
          retry < 3 && !answer.data?.redeemPoints && errorCodes(answer)[0] !== 'BAD_USER_INPUT';
          retry++
        ) {
          answer = await redeem(g.graph, bo, 30, key);
        }
        return answer;
      }),
    );
    const redeemed = answers.filter((answer) => answer.data?.redeemPoints);
    const refused = answers.filter((answer) => !answer.data?.redeemPoints);
    expect(refused.map((answer) => answer.errors?.[0]?.message)).toEqual(
      Array(17).fill('You do not have that many points'),
    );
    expect(redeemed).toHaveLength(3);
    for (const answer of redeemed) {
      expect(answer.data!.redeemPoints).toMatchObject({
        kind: 'POINTS_REDEMPTION',
        amount: { amount: '0.30', currency: 'EUR' },
        destinationWallet: { id: bo.wallets.EUR },
      });
      const id = answer.data!.redeemPoints.id;
      await g.graph.events.waitFor(PaymentEvents.completed, (data) => data.paymentId === id);
    }
    expect((await rewardsOf(g.graph, bo.token)).points).toBe(10);
    expect((await walletOf(g.graph, bo.token, bo.wallets.EUR)).balance.amount).toBe('100.90');
  });

  it('a redemption is idempotent by key: the same key answers the same payment, other points with it are a CONFLICT', async () => {
    const cy = await newPayer(g.graph);
    await fund(g.graph, cy, '100.00');
    await payMerchant(g.graph, cy, 'HEALTH', '50.00');
    const key = newId();
    const first = await ok(redeem(g.graph, cy, 20, key));
    const again = await ok(redeem(g.graph, cy, 20, key));
    expect(again.redeemPoints.id).toBe(first.redeemPoints.id);
    expect(errorCodes(await redeem(g.graph, cy, 25, key))).toEqual(['CONFLICT']);
    expect((await rewardsOf(g.graph, cy.token)).points).toBe(30);
    expect((await walletOf(g.graph, cy.token, cy.wallets.EUR)).balance.amount).toBe('50.20');
  });

  it('the same key sent five times at once redeems once', async () => {
    const fay = await newPayer(g.graph);
    await fund(g.graph, fay, '100.00');
    await payMerchant(g.graph, fay, 'GROCERIES', '40.00');
    const key = newId();
    const answers = await Promise.all(Array.from({ length: 5 }, () => ok(redeem(g.graph, fay, 30, key))));
    expect(new Set(answers.map((answer) => answer.redeemPoints.id)).size).toBe(1);
    expect((await rewardsOf(g.graph, fay.token)).points).toBe(10);
    expect((await walletOf(g.graph, fay.token, fay.wallets.EUR)).balance.amount).toBe('60.30');
  });

  it('a redemption whose answer was lost is finished by retrying its key, crediting once', async () => {
    const eve = await newPayer(g.graph);
    await fund(g.graph, eve, '100.00');
    await payMerchant(g.graph, eve, 'HEALTH', '60.00');
    const key = newId();
    loseNextCreditAnswer();
    expect(errorCodes(await redeem(g.graph, eve, 50, key))).toEqual(['INTERNAL_SERVER_ERROR']);
    expect((await rewardsOf(g.graph, eve.token)).points).toBe(10);
    const retried = await ok(redeem(g.graph, eve, 50, key));
    expect(retried.redeemPoints).toMatchObject({
      kind: 'POINTS_REDEMPTION',
      status: 'COMPLETED',
      amount: { amount: '0.50' },
    });
    expect((await rewardsOf(g.graph, eve.token)).points).toBe(10);
    expect((await walletOf(g.graph, eve.token, eve.wallets.EUR)).balance.amount).toBe('40.50');
  });
});
