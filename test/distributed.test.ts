import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createAnalyst } from '../subgraphs/accounts';
import { testDatabaseEnv } from './support/graph';

const ROOT = path.join(__dirname, '..');
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

function natsAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 4222) });
    socket.setTimeout(1_000);
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(false));
  }).finally(() => undefined) as Promise<boolean>;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The distributed mode: each subgraph in its own process, the gateway in another, the services
 * talking over NATS JetStream. Runs where a NATS server answers (CI starts one).
 */
describe('each service in its own process over NATS', () => {
  const children: ChildProcess[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'distributed-'));
  const port = 21_000 + Math.floor(Math.random() * 20_000);
  const url = `http://127.0.0.1:${port}/graphql`;
  const id = randomBytes(4).toString('hex');
  const env = {
    ...process.env,
    ...testDatabaseEnv(),
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    NATS_URL,
    NATS_STREAM: `TEST_DISTRIBUTED_${id}`,
    NATS_SUBJECT_PREFIX: `test-${id}`,
  };
  let available = false;

  beforeAll(async () => {
    available = await natsAnswers(NATS_URL);
    if (!available) {
      console.error(`distributed test skipped: no NATS server answers at ${NATS_URL}`);
      return;
    }
    // Keys are made once, before the processes start, so all of them share the pair.
    for (const role of ['accounts', 'wallets', 'payments', 'gateway']) {
      children.push(
        spawn(process.execPath, ['-r', './scripts/register.js', 'main.ts', role], {
          cwd: ROOT,
          env,
          stdio: 'ignore',
        }),
      );
      if (role === 'accounts')
        await until('accounts', async () =>
          (await fetch(`http://127.0.0.1:${port + 1}/ready`)).ok ? true : undefined,
        );
    }
    await until(
      'the gateway',
      async () => ((await fetch(`http://127.0.0.1:${port}/ready`)).ok ? true : undefined),
      60_000,
    );
  }, 90_000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    if (available) {
      const nc = await connect({ servers: NATS_URL });
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(env.NATS_STREAM).catch(() => false);
      await nc.close();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function gql<T>(query: string, variables: object = {}, token?: string): Promise<T> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  async function customer(name: string): Promise<{ token: string; accountId: string; walletId: string }> {
    const { signUp } = await gql<{ signUp: { token: string; account: { id: string } } }>(
      `mutation ($input: SignUpInput!) { signUp(input: $input) { token account { id } } }`,
      {
        input: {
          email: `${name}-${randomUUID()}@example.com`,
          password: 'a long and unusual passphrase',
          displayName: name,
        },
      },
    );
    const { openWallet } = await gql<{ openWallet: { id: string } }>(
      `mutation { openWallet(input: { currency: "EUR" }) { id } }`,
      {},
      signUp.token,
    );
    return { token: signUp.token, accountId: signUp.account.id, walletId: openWallet.id };
  }

  it('moves money with commands between processes and carries a freeze to wallets as an event', async () => {
    if (!available) return;
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
    const transfer = await gql<{ transfer: { status: string } }>(
      `mutation ($input: TransferInput!) { transfer(input: $input) { status } }`,
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
    const status = await until('the wallet to be frozen', async () => {
      const { wallet } = await gql<{ wallet: { status: string } }>(
        `query ($id: ID!) { wallet(id: $id) { status } }`,
        { id: bob.walletId },
        bob.token,
      );
      return wallet.status === 'FROZEN' ? wallet.status : undefined;
    });
    expect(status).toBe('FROZEN');
  });
});
