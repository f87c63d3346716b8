import { sharedQueries } from '../gateway/identical-queries';
import { ok } from './support/gql';
import { fund, newPayer, usePaymentsGraph } from './support/payments';

const ME = `query Me { me { id displayName wallets { id balance { amount currency } } } }`;

async function shared(): Promise<number> {
  return (await sharedQueries.get()).values.reduce((sum, value) => sum + value.value, 0);
}

describe('identical queries executing at the same time', () => {
  const g = usePaymentsGraph();

  it('execute once for one caller, and each caller still gets only its own answer', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await fund(g.graph, ada, '12.00');
    const before = await shared();
    const callers = Array.from({ length: 30 }, (_, i) => (i % 3 === 2 ? bob : ada));
    const answers = await Promise.all(
      callers.map((caller) =>
        ok(
          g.graph.gql<{ me: { id: string; wallets: { balance: { amount: string } }[] } }>(
            ME,
            {},
            caller.token,
          ),
        ),
      ),
    );
    answers.forEach((answer, i) => expect(answer.me.id).toBe(callers[i].accountId));
    for (const answer of answers.filter((_, i) => callers[i] === ada)) {
      expect(answer.me.wallets[0].balance.amount).toBe('12.00');
    }
    expect(await shared()).toBeGreaterThan(before);

    // Once answered, the next query executes again and sees what changed since.
    await fund(g.graph, ada, '3.00');
    const after = await ok(
      g.graph.gql<{ me: { wallets: { balance: { amount: string } }[] } }>(ME, {}, ada.token),
    );
    expect(after.me.wallets[0].balance.amount).toBe('15.00');
  });

  it('never shares a mutation: each identical one executes', async () => {
    const cy = await newPayer(g.graph);
    const open = `mutation { openWallet(input: { currency: "USD" }) { id currency } }`;
    const results = await Promise.all(Array.from({ length: 4 }, () => g.graph.gql(open, {}, cy.token)));
    // One wallet per currency: exactly one of four identical requests opens it.
    expect(results.filter((result) => result.data && !result.errors)).toHaveLength(1);
  });
});
