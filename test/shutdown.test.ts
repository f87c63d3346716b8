import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

const ROOT = path.join(__dirname, '..');

async function waitReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never became ready`);
}

async function gql<T>(url: string, query: string, variables: object = {}, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

describe('the embedded process', () => {
  it('finishes a payment in flight when it receives SIGTERM, then exits 0', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shutdown-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, ['-r', './scripts/register.js', 'main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        FUNDING_NETWORK_LATENCY_MS: '1500',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = `http://127.0.0.1:${port}/graphql`;
      await waitReady(`http://127.0.0.1:${port}/ready`, Date.now() + 30_000);
      const { signUp } = await gql<{ signUp: { token: string } }>(
        url,
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
        url,
        `mutation { openWallet(input: { currency: "EUR" }) { id } }`,
        {},
        signUp.token,
      );
      const { linkBankAccount } = await gql<{ linkBankAccount: { id: string } }>(
        url,
        `mutation { linkBankAccount(input: { iban: "DE89370400440532013000", holderName: "S" }) { id } }`,
        {},
        signUp.token,
      );
      // The sandbox funding network answers after 1.5 s: the top-up is in flight when the signal lands.
      const inFlight = gql<{ topUp: { status: string } }>(
        url,
        `mutation ($input: TopUpInput!) { topUp(input: $input) { status amount { amount } } }`,
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
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill('SIGTERM');
      await expect(inFlight).resolves.toEqual({
        topUp: { status: 'COMPLETED', amount: { amount: '10.00' } },
      });
      await expect(exited).resolves.toBe(0);
      // Nothing answers any more.
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
