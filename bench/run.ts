/**
 * `npm run bench`: every benchmark in one command, one after the other so that none measures
 * the others' load, and one table at the end; `--json FILE` writes it too.
 *
 *   npm run bench -- [--duration 15] [--connections 64] [--customers 40] [--subscribers 10000] [--json FILE]
 *
 * The transfers run at 64 connections, the load the payments goal is stated at.
 *
 * Each part also runs alone: `npm run bench:start`, `npm run bench:transfers`,
 * `npm run bench:reads`, `npm run bench:subscriptions`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs, ROOT } from './support';

const args = benchArgs();
const dir = mkdtempSync(path.join(os.tmpdir(), 'wallet-bench-run-'));

/** Runs one benchmark script with its flags and reads the JSON it wrote. */
function run(script: string, flags: Record<string, string | undefined>): Record<string, unknown> {
  const json = path.join(dir, `${path.basename(script, '.ts')}.json`);
  const argv = Object.entries(flags).flatMap(([name, value]) =>
    value === undefined ? [] : [`--${name}`, value],
  );
  const result = spawnSync(
    process.execPath,
    ['-r', './scripts/register.js', script, ...argv, '--json', json],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error(`${script} failed (${result.status})`);
  return JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
}

try {
  const results = {
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
    start: run('bench/start.ts', { runs: args.get('start-runs') ?? '5' }),
    transfers: run('bench/transfers.ts', {
      duration: args.get('duration') ?? '15',
      connections: args.get('connections') ?? '64',
      customers: args.get('customers') ?? '40',
    }),
    reads: run('bench/reads.ts', {
      duration: args.get('read-duration') ?? '10',
      connections: args.get('read-connections') ?? '32',
      customers: args.get('read-customers') ?? '100',
      gateways: args.get('gateways'),
    }),
    subscriptions: run('bench/subscriptions.ts', {
      subscribers: args.get('subscribers') ?? '10000',
      customers: args.get('subscription-customers') ?? '500',
      rate: args.get('rate') ?? '20',
      duration: args.get('duration') ?? '15',
    }),
  };
  console.log('\nnpm start, from the command to "graph ready" (fresh data directory each time):');
  console.table(results.start);
  console.log('Transfers through the gateway (two processes, SQLite unless DATABASE_URL):');
  console.table(results.transfers);
  console.log('The rich federated query, our gateway and its peers over the same subgraphs (two processes):');
  console.table((results.reads as { rows: unknown[] }).rows);
  console.log('Subscriptions on one gateway while payments flow (two processes over NATS):');
  console.table(results.subscriptions);
  const json = args.get('json');
  if (json) writeFileSync(json, JSON.stringify(results, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
