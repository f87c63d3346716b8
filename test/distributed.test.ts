import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createAnalyst } from '../subgraphs/accounts';
import { testDatabase } from './support/database';
import { ok, postGraphQL } from './support/gql';
import { describeWithNats, TEST_NATS_URL as NATS_URL } from './support/nats';
import { GraphProcess } from './support/processes';
import {
  idsAndTypes,
  TRANSACTION_EVENTS,
  wsClient,
  type TransactionEventView,
} from './support/subscriptions';

/**
 * The distributed mode: each subgraph in its own process, the gateway in another, the services
 * talking over NATS JetStream. Runs where a NATS server answers (CI starts one).
 */
describeWithNats('each service in its own process over NATS', () => {
  const processes: Record<string, GraphProcess> = {};
  const place = testDatabase('distributed');
  // Below the kernel's ephemeral range (32768 and up), so no outgoing connection holds them.
  const port = 10_000 + Math.floor(Math.random() * 20_000);
  const url = `http://127.0.0.1:${port}/graphql`;
  const id = randomBytes(4).toString('hex');
  const env = {
    ...process.env,
    ...place.env,
    PORT: String(port),
    LOG_LEVEL: 'info',
    NATS_URL,
    NATS_STREAM: `TEST_DISTRIBUTED_${id}`,
    NATS_SUBJECT_PREFIX: `test-${id}`,
  };

  const subgraphUrls = Object.fromEntries(
    Object.entries(loadConfig(env).subgraphUrls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url]),
  );
  const wsUrl2 = `ws://127.0.0.1:${port + 50}/graphql`;

  beforeAll(async () => {
    // accounts makes the development key pair; the others start once it exists, to share it.
    processes.accounts = new GraphProcess('accounts', env);
    await processes.accounts.listening();
    for (const role of ['wallets', 'payments', 'offers', 'risk', 'gateway'])
      processes[role] = new GraphProcess(role, env);
    // A second gateway in front of the same subgraphs, as behind a load balancer.
    processes.gateway2 = new GraphProcess('gateway', { ...env, PORT: String(port + 50), ...subgraphUrls });
    await Promise.all(Object.values(processes).map((process) => process.listening()));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(Object.values(processes).map((process) => process.stop()));
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(env.NATS_STREAM).catch(() => false);
    await nc.close();
    await place.drop();
  });

  const gql = <T>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
    ok(postGraphQL<T>(url, query, variables, token));

  const PASSWORD = 'a long and unusual passphrase';

  async function customer(
    name: string,
  ): Promise<{ token: string; accountId: string; walletId: string; email: string }> {
    const email = `${name}-${randomUUID()}@example.com`;
    const { signUp } = await gql<{ signUp: { token: string; account: { id: string } } }>(
      `mutation ($input: SignUpInput!) { signUp(input: $input) { token account { id } } }`,
      { input: { email, password: PASSWORD, displayName: name } },
    );
    const { openWallet } = await gql<{ openWallet: { id: string } }>(
      `mutation { openWallet(input: { currency: "EUR" }) { id } }`,
      {},
      signUp.token,
    );
    return { token: signUp.token, accountId: signUp.account.id, walletId: openWallet.id, email };
  }

  it('moves money with commands between processes and carries a freeze to wallets as an event', async () => {
    const alice = await customer('alice');
    const bob = await customer('bob');
    const { linkBankAccount } = await gql<{ linkBankAccount: { id: string } }>(
      `mutation { linkBankAccount(input: { iban: "DE89370400440532013000", holderName: "Alice" }) { id } }`,
      {},
      alice.token,
    );
    const topUp = await gql<{ topUp: { status: string } }>(
      `mutation ($input: TopUpInput!) { topUp(input: $input) { status } }`,
      {
        input: {
          walletId: alice.walletId,
          fundingSourceId: linkBankAccount.id,
          amount: { amount: '100.00', currency: 'EUR' },
          idempotencyKey: randomUUID(),
        },
      },
      alice.token,
    );
    expect(topUp.topUp.status).toBe('COMPLETED');
    const transfer = await gql<{
      transfer: { status: string; riskAssessment: { decision: string; ruleSetVersion: string } | null };
    }>(
      `mutation ($input: TransferInput!) { transfer(input: $input) { status riskAssessment { decision ruleSetVersion } } }`,
      {
        input: {
          fromWalletId: alice.walletId,
          toWalletId: bob.walletId,
          amount: { amount: '40.00', currency: 'EUR' },
          idempotencyKey: randomUUID(),
        },
      },
      alice.token,
    );
    expect(transfer.transfer.status).toBe('COMPLETED');
    // The risk process decided it over NATS, with the checked-in rules (not the fail-safe).
    expect(transfer.transfer.riskAssessment).toMatchObject({ decision: 'APPROVE' });
    expect(transfer.transfer.riskAssessment?.ruleSetVersion).not.toBe('fail-safe');
    const balance = async (who: { token: string; walletId: string }) =>
      (
        await gql<{ wallet: { balance: { amount: string } } }>(
          `query ($id: ID!) { wallet(id: $id) { balance { amount } } }`,
          { id: who.walletId },
          who.token,
        )
      ).wallet.balance.amount;
    expect(await balance(alice)).toBe('60.00');
    expect(await balance(bob)).toBe('40.00');

    // offers, in its own process, takes a completed merchant payment in from payments' event.
    const { payMerchant } = await gql<{ payMerchant: { id: string; status: string } }>(
      `mutation ($input: PayMerchantInput!) { payMerchant(input: $input) { id status } }`,
      {
        input: {
          walletId: alice.walletId,
          merchantName: 'Trattoria',
          category: 'DINING',
          amount: { amount: '12.50', currency: 'EUR' },
          idempotencyKey: randomUUID(),
        },
      },
      alice.token,
    );
    expect(payMerchant.status).toBe('COMPLETED');
    await processes.offers.waitForLog(
      (line) => line.msg === 'merchant payment taken in' && line.paymentId === payMerchant.id,
      'the merchant payment taken in by offers',
    );
    const { me } = await gql<{
      me: {
        rewards: { points: number };
        spendingInsights: { category: string; count: number; amount: { amount: string } }[];
      };
    }>(
      '{ me { rewards { points } spendingInsights { category count amount { amount } } } }',
      {},
      alice.token,
    );
    expect(me.rewards.points).toBe(12);
    expect(me.spendingInsights).toEqual([{ category: 'DINING', count: 1, amount: { amount: '12.50' } }]);
    expect(await balance(alice)).toBe('47.50');

    // accounts publishes account.frozen on NATS; the wallets process freezes Bob's wallet.
    const config = loadConfig(env);
    await createAnalyst(config, createLogger('silent'), {
      email: `analyst-${id}@example.com`,
      password: 'an analyst passphrase 9',
    });
    const { signIn } = await gql<{ signIn: { token: string } }>(
      `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`,
      { input: { email: `analyst-${id}@example.com`, password: 'an analyst passphrase 9' } },
    );
    await gql(
      `mutation ($id: ID!) { freezeAccount(accountId: $id, reason: "test") { status } }`,
      { id: bob.accountId },
      signIn.token,
    );
    await processes.wallets.waitForLog(
      (line) => line.msg === 'account status applied to wallets' && line.accountId === bob.accountId,
      'the freeze applied to wallets',
    );
    // The freeze revoked Bob's tokens, and the gateway's process heard of it over NATS.
    await processes.gateway.waitForLog(
      (line) => line.msg === 'token revocation applied' && line.accountId === bob.accountId,
      "the revocation of Bob's tokens applied at the gateway",
    );
    const refused = await postGraphQL(url, '{ me { id } }', {}, bob.token);
    expect(refused.status).toBe(401);
    const again = await gql<{ signIn: { token: string } }>(
      `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`,
      { input: { email: bob.email, password: PASSWORD } },
    );
    const { wallet } = await gql<{ wallet: { status: string } }>(
      `query ($id: ID!) { wallet(id: $id) { status } }`,
      { id: bob.walletId },
      again.signIn.token,
    );
    expect(wallet.status).toBe('FROZEN');
  });

  it('a transfer through one gateway reaches a subscriber on the other; replay on either gives the same ids', async () => {
    const alice = await customer('alice');
    const { linkBankAccount } = await gql<{ linkBankAccount: { id: string } }>(
      `mutation { linkBankAccount(input: { iban: "DE89370400440532013000", holderName: "Alice" }) { id } }`,
      {},
      alice.token,
    );
    // From the start of the log: the events of this wallet so far, then live ones.
    const variables = { walletId: alice.walletId, after: '0' };
    const onSecond = wsClient({ wsUrl: wsUrl2 }, alice.token);
    const live = onSecond.subscribe<{ transactionEvents: TransactionEventView }>(
      TRANSACTION_EVENTS,
      variables,
    );
    const { topUp } = await gql<{ topUp: { id: string } }>(
      `mutation ($input: TopUpInput!) { topUp(input: $input) { id } }`,
      {
        input: {
          walletId: alice.walletId,
          fundingSourceId: linkBankAccount.id,
          amount: { amount: '25.00', currency: 'EUR' },
          idempotencyKey: randomUUID(),
        },
      },
      alice.token,
    );
    const seen = await live.take(2);
    expect(idsAndTypes(seen)).toEqual([
      [topUp.id, 'CREATED'],
      [topUp.id, 'COMPLETED'],
    ]);
    const onFirst = wsClient({ wsUrl: url.replace(/^http/, 'ws') }, alice.token);
    const replayed = await onFirst
      .subscribe<{ transactionEvents: TransactionEventView }>(TRANSACTION_EVENTS, variables)
      .take(2);
    expect(replayed.map((result) => result.transactionEvents.id)).toEqual(
      seen.map((result) => result.transactionEvents.id),
    );
    await Promise.all([onFirst.dispose(), onSecond.dispose()]);
  });
});
