import { ok } from './support/gql';
import { fund, newPayer, usePaymentsGraph, type Payer } from './support/payments';
import { transfer } from './support/risk';

interface Page {
  edges: { cursor: string; node: { id: string; kind: string; createdAt: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const PAGE = `query ($id: ID!, $first: Int, $after: String, $filter: PaymentFilter) {
  wallet(id: $id) { payments(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id kind createdAt } } pageInfo { hasNextPage endCursor } } } }`;

describe("a wallet's payments, page by page", () => {
  const g = usePaymentsGraph();
  let ada: Payer;
  let bob: Payer;
  const made: string[] = [];

  const page = async (variables: Record<string, unknown>, payer = ada) =>
    (
      await ok(
        g.graph.gql<{ wallet: { payments: Page } }>(
          PAGE,
          { id: payer.wallets.EUR, ...variables },
          payer.token,
        ),
      )
    ).wallet.payments;

  beforeAll(async () => {
    ada = await newPayer(g.graph);
    bob = await newPayer(g.graph);
    await fund(g.graph, bob, '10.00');
    // Sent and received, one after the other: the page merges both sides of the wallet.
    for (let i = 0; i < 3; i++) {
      made.push((await fund(g.graph, ada, '5.00')).id);
      made.push((await transfer(g.graph, ada, bob, '1.00')).id);
      made.push((await transfer(g.graph, bob, ada, '0.50')).id);
    }
  });

  it('walks every payment newest first, each once, sent and received', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const current: Page = await page({ first: 2, after });
      expect(current.edges.length).toBeLessThanOrEqual(2);
      seen.push(...current.edges.map((edge) => edge.node.id));
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(seen).toEqual([...made].reverse());
    const whole = await page({ first: 50 });
    expect(whole.edges.map((edge) => edge.node.id)).toEqual(seen);
    expect(whole.pageInfo.hasNextPage).toBe(false);
  });

  it('filters by kind and by a window of time, and pages within the filter', async () => {
    const topUps = await page({ first: 2, filter: { kind: 'TOP_UP' } });
    expect(topUps.edges.map((edge) => edge.node.id)).toEqual([made[6], made[3]]);
    const rest = await page({ first: 2, after: topUps.pageInfo.endCursor, filter: { kind: 'TOP_UP' } });
    expect(rest.edges.map((edge) => edge.node.id)).toEqual([made[0]]);
    expect(rest.pageInfo.hasNextPage).toBe(false);

    const all = (await page({ first: 50 })).edges.map((edge) => edge.node);
    // From the fourth payment (inclusive) to the eighth (exclusive).
    const from = all.find((node) => node.id === made[3])!.createdAt;
    const to = all.find((node) => node.id === made[7])!.createdAt;
    const window = await page({ first: 50, filter: { from, to } });
    const expected = all
      .filter((node) => node.createdAt >= from && node.createdAt < to)
      .map((node) => node.id);
    expect(window.edges.map((edge) => edge.node.id)).toEqual(expected);
    expect(expected).toContain(made[3]);
    expect(expected).not.toContain(made[7]);
  });

  it('shows nothing of a wallet that is not the caller’s', async () => {
    const data = await g.graph.gql<{ wallet: null }>(PAGE, { id: bob.wallets.EUR, first: 5 }, ada.token);
    expect(data.data?.wallet).toBeNull();
    expect(data.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
  });
});
