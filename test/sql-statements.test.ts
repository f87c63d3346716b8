import { sqlStatements } from '../platform/metrics';
import { fund, newPayer, usePaymentsGraph } from './support/payments';
import { ok } from './support/gql';
import { richQuery } from '../bench/rich-query';

/** The statements each subgraph sent so far. */
async function statements(): Promise<Record<string, number>> {
  const metric = await sqlStatements.get();
  return Object.fromEntries(metric.values.map((value) => [String(value.labels.subgraph), value.value]));
}

describe('SQL statements of a federated query', () => {
  // A page of 100 with fields of five subgraphs costs more than clients may ask by default.
  const g = usePaymentsGraph({ MAX_QUERY_COST: '50000' });

  it('stay the same whether a page has 10 payments or 100', async () => {
    const ada = await newPayer(g.graph);
    for (let batch = 0; batch < 20; batch++)
      await Promise.all(Array.from({ length: 5 }, () => fund(g.graph, ada, '1.00')));
    await g.graph.graph.drain();
    const once = async (first: number) => {
      const before = await statements();
      const data = await ok(
        g.graph.gql<{ me: { wallets: { payments: { edges: unknown[] } }[] } }>(
          richQuery(first),
          {},
          ada.token,
        ),
      );
      const after = await statements();
      expect(data.me.wallets[0].payments.edges).toHaveLength(first);
      const delta = Object.fromEntries(
        Object.entries(after).map(([name, n]) => [name, n - (before[name] ?? 0)]),
      );
      bySubgraph.push(delta);
      return Object.values(delta).reduce((a, b) => a + b, 0);
    };
    const bySubgraph: Record<string, number>[] = [];
    // Warmed once (what is cached per process: wallet facts, verified tokens), then the fewest of
    // several runs, taken in turn: the services' timers (outbox relays, recovery, retries) send
    // statements of their own now and then, and a run they fall into counts them too.
    await once(10);
    await once(100);
    const runs: Record<number, number[]> = { 10: [], 100: [] };
    for (let run = 0; run < 8; run++) for (const first of [10, 100]) runs[first].push(await once(first));
    const ten = Math.min(...runs[10]);
    const hundred = Math.min(...runs[100]);
    expect(ten).toBeGreaterThan(0);
    expect(hundred).toBeLessThanOrEqual(Math.ceil(ten * 1.1));
    // Wallets is asked once, for the viewer's wallets: payments remembers whose a wallet is (its
    // page checks the owner without asking), and the owner of a payment's wallet comes from the
    // payment (payments provides it), so the plan goes from payments to accounts directly.
    expect(Math.min(...bySubgraph.map((delta) => delta.wallets ?? 0))).toBe(1);
  });
});
