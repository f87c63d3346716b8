import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVED_SUBGRAPHS, SUBGRAPHS } from '../platform/config';

/** What every benchmark shares: its command-line flags, GraphQL over HTTP, child processes. */

export const ROOT = path.join(__dirname, '..');

/** `--name value` pairs of the command line. */
export function benchArgs(argv = process.argv.slice(2)): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) args.set(argv[i].replace(/^--/, ''), argv[i + 1]);
  return args;
}

export async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data)
    throw new Error(`${query.slice(0, 40)}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Starts `main.ts <role>`; BENCH_NODE_OPTIONS adds flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
export function startProcess(role: string, env: NodeJS.ProcessEnv): ChildProcess {
  return startScript('main.ts', env, [role]);
}

/**
 * The V8 flags the graph's processes run with (`npm start`, `npm run start:dist`): a larger young
 * generation, so the many short-lived objects of each request die in fewer, cheaper scavenges.
 * Every process a benchmark starts, the peer gateways included, runs with them.
 */
export const NODE_FLAGS = ['--max-semi-space-size=16'];

/** Starts a TypeScript file of the repository in a process of its own, with BENCH_NODE_OPTIONS. */
export function startScript(script: string, env: NodeJS.ProcessEnv, argv: string[] = []): ChildProcess {
  const extra = process.env.BENCH_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...NODE_FLAGS, ...extra, '-r', './scripts/register.js', script, ...argv],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  child.on('exit', (code) => {
    if (code && code !== 0) console.error(`${[script, ...argv].join(' ')} exited with ${code}`);
  });
  return child;
}

/**
 * The environment of a production graph on the sandbox funding network, with throwaway keys
 * and secrets made for this run, listening from `port` on, its data under `dataDir`.
 */
export async function productionEnv(port: number, dataDir: string): Promise<NodeJS.ProcessEnv> {
  const { generateKeyPair, exportPKCS8, exportSPKI } = await import('jose');
  const pair = await generateKeyPair('ES256', { extractable: true });
  return {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    JWT_PRIVATE_KEY: await exportPKCS8(pair.privateKey),
    JWT_PUBLIC_KEY: await exportSPKI(pair.publicKey),
    CARD_TOKEN_KEY: 'bench-only-card-token-key-0123456789',
    PARTNER_SECRET_PEPPER: 'bench-only-partner-pepper-0123456789',
    GATEWAY_SECRET: randomBytes(32).toString('hex'),
    FUNDING_NETWORK: 'sandbox',
    // On PostgreSQL (DATABASE_URL), schemas of this run's own, dropped by dropBenchSchemas.
    DATABASE_SCHEMA_PREFIX: `bench_${randomBytes(3).toString('hex')}_`,
  };
}

/** Drops the PostgreSQL schemas a run made (nothing to do on SQLite: its files go with DATA_DIR). */
export async function dropBenchSchemas(env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.DATABASE_URL || !env.DATABASE_SCHEMA_PREFIX?.startsWith('bench_')) return;
  const { Client } = await import('pg');
  const client = new Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      'select schema_name as name from information_schema.schemata where starts_with(schema_name, $1)',
      [env.DATABASE_SCHEMA_PREFIX],
    );
    for (const { name } of rows) await client.query(`drop schema "${name}" cascade`);
  } finally {
    await client.end();
  }
}

/** The subgraphs' process (`main.ts subgraphs`), once every subgraph answers; with their ports. */
export async function startSubgraphs(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; ports: number[] }> {
  const child = startProcess('subgraphs', env);
  // Every served subgraph listens on the port its place in SUBGRAPHS gives it.
  const ports = SERVED_SUBGRAPHS.map((name) => Number(env.PORT) + SUBGRAPHS.indexOf(name) + 1);
  for (const port of ports) await waitReady(`http://127.0.0.1:${port}/ready`);
  return { child, ports };
}

/** A customer with an EUR wallet and a linked bank account. */
export interface BenchCustomer {
  token: string;
  walletId: string;
  bankId: string;
}

export async function newCustomer(url: string, label: string): Promise<BenchCustomer> {
  const { signUp } = await gql<{ signUp: { token: string } }>(
    url,
    `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`,
    {
      input: {
        email: `${label}-${randomUUID().slice(0, 8)}@example.com`,
        password: 'bench passphrase 2026',
        displayName: label,
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
    `mutation { linkBankAccount(input: { iban: "DE89370400440532013000", holderName: "Bench" }) { id } }`,
    {},
    signUp.token,
  );
  return { token: signUp.token, walletId: openWallet.id, bankId: linkBankAccount.id };
}

/** Tops up a customer's wallet from its bank account. */
export async function topUp(url: string, customer: BenchCustomer, amount: string): Promise<void> {
  await gql(
    url,
    `mutation ($input: TopUpInput!) { topUp(input: $input) { id status } }`,
    {
      input: {
        walletId: customer.walletId,
        fundingSourceId: customer.bankId,
        amount: { amount, currency: 'EUR' },
        idempotencyKey: randomUUID(),
      },
    },
    customer.token,
  );
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function inBatches<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

/** CPU time a process has used so far, in milliseconds (user and system, from /proc). */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** Linux's USER_HZ: /proc counts CPU time in these. */
const CLOCK_TICKS = 100;

/** SQL statements per subgraph so far; the subgraphs share one process, so one /metrics has them all. */
export async function sqlStatements(port: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  for (const line of text.split('\n')) {
    const match = /^db_statements_total\{subgraph="(\w+)"\} (\d+)/.exec(line);
    if (match) counts[match[1]] = Number(match[2]);
  }
  return counts;
}

/** The total of a count-by-subgraph reading minus an earlier one. */
export function totalSince(before: Record<string, number>, after: Record<string, number>): number {
  return Object.keys(after).reduce((sum, name) => sum + after[name] - (before[name] ?? 0), 0);
}

/** Polls `url` until it answers 2xx. */
export async function waitReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} not ready`);
}

/** The `q` quantile (0..1) of sorted numbers. */
export function percentile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** One gauge or counter of a /metrics page (summed over its label sets). */
export async function metric(origin: string, name: string): Promise<number> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) total += Number(line.split(' ').pop());
  }
  return total;
}
