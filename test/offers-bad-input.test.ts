import { newId } from '../platform/ids';
import { errorCodes, type GraphQLResponse } from './support/graph';
import { analystToken, createOffer, payMerchant, rewardsOf } from './support/offers';
import { fund, newPayer, ok, usePaymentsGraph } from './support/payments';

/** The code and field of each error of a response. */
function refusals(response: GraphQLResponse<unknown>) {
  return (response.errors ?? []).map((error) => ({
    code: error.extensions?.code,
    field: error.extensions?.field,
  }));
}

const ACTIVATE = 'mutation ($id: ID!) { activateOffer(offerId: $id) { id } }';
const SET_BUDGET = 'mutation ($input: SetBudgetInput!) { setBudget(input: $input) { id } }';
const REDEEM = 'mutation ($input: RedeemPointsInput!) { redeemPoints(input: $input) { id } }';

describe('offers refuses bad input with a code and the field', () => {
  const g = usePaymentsGraph();

  it('activating an unknown offer is NOT_FOUND, an ended one BAD_USER_INPUT', async () => {
    const ada = await newPayer(g.graph);
    for (const id of [newId(), 'not-an-offer']) {
      expect(errorCodes(await g.graph.gql(ACTIVATE, { id }, ada.token))).toEqual(['NOT_FOUND']);
    }
    const offer = await createOffer(g.graph, { category: 'DINING', cashbackRate: '0.05' });
    await ok(
      g.graph.gql(
        'mutation ($id: ID!) { endOffer(offerId: $id) { id } }',
        { id: offer.id },
        await analystToken(g.graph),
      ),
    );
    expect(refusals(await g.graph.gql(ACTIVATE, { id: offer.id }, ada.token))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'offerId' },
    ]);
    expect(errorCodes(await g.graph.gql(ACTIVATE, { id: offer.id }))).toEqual(['UNAUTHENTICATED']);
  });

  it('a negative or zero budget, or one in a currency the customer has no wallet in, is BAD_USER_INPUT', async () => {
    const bo = await newPayer(g.graph, ['EUR']);
    const budget = (amount: string, currency = 'EUR') =>
      g.graph.gql(SET_BUDGET, { input: { category: 'DINING', limit: { amount, currency } } }, bo.token);
    expect(refusals(await budget('-10.00'))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.limit.amount' },
    ]);
    expect(refusals(await budget('0.00'))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.limit.amount' }]);
    expect(refusals(await budget('10.001'))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.limit.amount' },
    ]);
    expect(refusals(await budget('100.00', 'USD'))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.limit.currency' },
    ]);
    expect(refusals(await budget('100.00', 'XYZ'))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.limit.currency' },
    ]);
    const { me } = await ok(
      g.graph.gql<{ me: { budgets: unknown[] } }>('{ me { budgets { id } } }', {}, bo.token),
    );
    expect(me.budgets).toEqual([]);
  });

  it('redeeming zero or negative points, more than one has, or into a wallet not its own is refused', async () => {
    const cy = await newPayer(g.graph);
    const other = await newPayer(g.graph);
    await fund(g.graph, cy, '100.00');
    await payMerchant(g.graph, cy, 'OTHER', '25.00');
    const redeem = (points: number, walletId = cy.wallets.EUR) =>
      g.graph.gql(REDEEM, { input: { points, walletId, idempotencyKey: newId() } }, cy.token);
    for (const points of [0, -5]) {
      expect(refusals(await redeem(points))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.points' }]);
    }
    expect(refusals(await redeem(26))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.points' }]);
    expect(errorCodes(await redeem(5, other.wallets.EUR))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await redeem(5, newId()))).toEqual(['NOT_FOUND']);
    expect((await rewardsOf(g.graph, cy.token)).points).toBe(25);
  });

  it('only an analyst creates or ends offers, and an offer must make sense', async () => {
    const dee = await newPayer(g.graph);
    const input = {
      title: 'Big deal',
      description: 'Much cashback.',
      category: 'TRAVEL',
      currency: 'EUR',
      cashbackRate: '0.05',
      validFrom: new Date().toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const create = (overrides: Record<string, unknown>, token: string) =>
      g.graph.gql(
        'mutation ($input: CreateOfferInput!) { createOffer(input: $input) { id } }',
        { input: { ...input, ...overrides } },
        token,
      );
    expect(errorCodes(await create({}, dee.token))).toEqual(['FORBIDDEN']);
    const analyst = await analystToken(g.graph);
    expect(refusals(await create({ cashbackRate: '1.5' }, analyst))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.cashbackRate' },
    ]);
    expect(
      refusals(await create({ validUntil: new Date(Date.now() - 1_000).toISOString() }, analyst)),
    ).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.validUntil' }]);
    expect(refusals(await create({ minSpend: { amount: '10.00', currency: 'USD' } }, analyst))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.minSpend.currency' },
    ]);
    expect(
      errorCodes(
        await g.graph.gql('mutation ($id: ID!) { endOffer(offerId: $id) { id } }', { id: newId() }, analyst),
      ),
    ).toEqual(['NOT_FOUND']);
  });

  it('insights for a month that is not YYYY-MM is BAD_USER_INPUT', async () => {
    const eve = await newPayer(g.graph);
    const answer = await g.graph.gql(
      '{ me { spendingInsights(month: "2026-13") { category } } }',
      {},
      eve.token,
    );
    expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
  });
});
