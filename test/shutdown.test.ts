import { randomUUID } from 'node:crypto';
import { testDatabase } from './support/database';
import { ok, postGraphQL } from './support/gql';
import { GraphProcess } from './support/processes';

describe('the embedded process', () => {
  const place = testDatabase('shutdown');
  afterAll(() => place.drop());

  it('finishes a payment in flight when it receives SIGTERM, then exits 0', async () => {
    const graph = new GraphProcess('all', {
      ...process.env,
      ...place.env,
      PORT: '0',
      LOG_LEVEL: 'debug',
      FUNDING_NETWORK_LATENCY_MS: '1500',
    });
    try {
      const ready = await graph.waitForLog((line) => line.msg === 'graph ready', 'graph ready');
      const url = String(ready.url);
      const gql = <T>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
        ok(postGraphQL<T>(url, query, variables, token));
      const { signUp } = await gql<{ signUp: { token: string } }>(
        `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`,
        {
          input: {
            email: `${randomUUID()}@example.com`,
            password: 'a long and unusual passphrase',
            displayName: 'S',
          },
        },
      );
      const { openWallet } = await gql<{ openWallet: { id: string } }>(
        `mutation { openWallet(input: { currency: "EUR" }) { id } }`,
        {},
        signUp.token,
      );
      const { linkBankAccount } = await gql<{ linkBankAccount: { id: string } }>(
        `mutation { linkBankAccount(input: { iban: "DE89370400440532013000", holderName: "S" }) { id } }`,
        {},
        signUp.token,
      );
      // The sandbox funding network answers after 1.5 s: the top-up is in flight once its charge starts.
      const inFlight = gql<{ topUp: { id: string; status: string } }>(
        `mutation ($input: TopUpInput!) { topUp(input: $input) { id status amount { amount } } }`,
        {
          input: {
            walletId: openWallet.id,
            fundingSourceId: linkBankAccount.id,
            amount: { amount: '10.00', currency: 'EUR' },
            idempotencyKey: randomUUID(),
          },
        },
        signUp.token,
      );
      await graph.waitForLog((line) => line.msg === 'payment step' && line.step === 'charge', 'the charge');
      graph.child.kill('SIGTERM');
      await expect(inFlight).resolves.toMatchObject({
        topUp: { status: 'COMPLETED', amount: { amount: '10.00' } },
      });
      await expect(graph.exited).resolves.toBe(0);
      // Nothing answers any more.
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      graph.child.kill('SIGKILL');
    }
  });
});
