/**
 * Transfers through the gateway under load. The subgraphs run in one process and the gateway
 * in another (two processes, two cores), on fresh SQLite files (or PostgreSQL with
 * DATABASE_URL). Prints completed payments per second, latency percentiles, the SQL
 * statements each payment costs, and how long risk's decision takes inside a payment (p50 and
 * p99 of payments' `payments_risk_decision_seconds` histogram), and the CPU time each transfer
 * costs the gateway's process and the subgraphs' (from /proc, over the load only).
 *
 *   npm run bench -- [--connections 64] [--duration 20] [--customers 40]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import {
  benchArgs,
  cpuMs,
  dropBenchSchemas,
  inBatches,
  newCustomer,
  productionEnv,
  sqlStatements,
  startProcess,
  startSubgraphs,
  topUp,
  totalSince,
  waitReady,
  type BenchCustomer,
} from './support';

const args = benchArgs();
const CONNECTIONS = Number(args.get('connections') ?? 64);
const DURATION = Number(args.get('duration') ?? 20);
const CUSTOMERS = Number(args.get('customers') ?? 40);
const PORT = Number(args.get('port') ?? 5400);

/** One histogram's cumulative bucket counts by upper bound (seconds), as /metrics shows them. */
type Buckets = Map<number, number>;

/**
 * A histogram's cumulative buckets from the subgraphs' process (they share one /metrics);
 * `series` matches one bucket line and captures its `le` and its count.
 */
async function histogramBuckets(port: number, series: RegExp): Promise<Buckets> {
  const buckets: Buckets = new Map();
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  for (const line of text.split('\n')) {
    const match = series.exec(line);
    if (match) buckets.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]));
  }
  return buckets;
}

/** The risk decision inside a payment (payments' histogram, answered decisions), and risk's own share of it. */
const RISK_IN_PAYMENT = /^payments_risk_decision_seconds_bucket\{le="([^"]+)",outcome="answered"\} (\d+)/;
const RISK_OWN = /^risk_assess_seconds_bucket\{le="([^"]+)"\} (\d+)/;

/**
 * The `q` quantile (0..1) of the observations made between two readings of a histogram, in
 * milliseconds, interpolated linearly inside its bucket as Prometheus' histogram_quantile does.
 */
function quantileMs(before: Buckets, after: Buckets, q: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((bound) => (after.get(bound) ?? 0) - (before.get(bound) ?? 0));
  const total = counts.at(-1) ?? 0;
  if (total === 0) return NaN;
  const rank = q * total;
  for (let i = 0; i < bounds.length; i++) {
    if (counts[i] < rank) continue;
    const lower = i === 0 ? 0 : bounds[i - 1];
    const below = i === 0 ? 0 : counts[i - 1];
    if (bounds[i] === Infinity) return lower * 1000;
    const inBucket = counts[i] - below;
    return (lower + ((bounds[i] - lower) * (rank - below)) / Math.max(inBucket, 1)) * 1000;
  }
  return NaN;
}

async function setUp(url: string): Promise<BenchCustomer[]> {
  return inBatches(Array.from({ length: CUSTOMERS }), 4, async (_, i) => {
    const customer = await newCustomer(url, `bench-${i}`);
    await topUp(url, customer, '5000.00');
    return customer;
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wallet-bench-'));
  const env = await productionEnv(PORT, dataDir);
  const { child: subgraphs, ports: subgraphPorts } = await startSubgraphs(env);
  const gateway = startProcess('gateway', env);
  const url = `http://127.0.0.1:${PORT}/graphql`;
  try {
    await waitReady(`http://127.0.0.1:${PORT}/ready`);
    console.log(`Setting up ${CUSTOMERS} customers with 5000.00 EUR each…`);
    const customers = await setUp(url);
    const statementsBefore = await sqlStatements(subgraphPorts[0]);
    const riskBefore = await histogramBuckets(subgraphPorts[0], RISK_IN_PAYMENT);
    const ownBefore = await histogramBuckets(subgraphPorts[0], RISK_OWN);
    const gatewayCpuBefore = cpuMs(gateway.pid);
    const subgraphsCpuBefore = cpuMs(subgraphs.pid);

    let completed = 0;
    let declined = 0;
    let failed = 0;
    const query = `mutation ($input: TransferInput!) { transfer(input: $input) { id status declineReason } }`;
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: DURATION,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => {
            const from = customers[Math.floor(Math.random() * customers.length)];
            let to = customers[Math.floor(Math.random() * customers.length)];
            if (to === from) to = customers[(customers.indexOf(from) + 1) % customers.length];
            return {
              ...request,
              headers: { ...request.headers, authorization: `Bearer ${from.token}` },
              body: JSON.stringify({
                query,
                variables: {
                  input: {
                    fromWalletId: from.walletId,
                    toWalletId: to.walletId,
                    amount: { amount: '0.01', currency: 'EUR' },
                    idempotencyKey: randomUUID(),
                    note: 'bench',
                  },
                },
              }),
            };
          },
          onResponse: (status, body) => {
            if (status !== 200) {
              failed++;
              return;
            }
            if (body.includes('"COMPLETED"')) completed++;
            else if (body.includes('"DECLINED"')) declined++;
            else failed++;
          },
        },
      ],
    });
    const gatewayCpu = cpuMs(gateway.pid) - gatewayCpuBefore;
    const subgraphsCpu = cpuMs(subgraphs.pid) - subgraphsCpuBefore;
    const statementsAfter = await sqlStatements(subgraphPorts[0]);
    const riskAfter = await histogramBuckets(subgraphPorts[0], RISK_IN_PAYMENT);
    const ownAfter = await histogramBuckets(subgraphPorts[0], RISK_OWN);
    const perPayment = (name: string) =>
      ((statementsAfter[name] - (statementsBefore[name] ?? 0)) / Math.max(completed + declined, 1)).toFixed(
        1,
      );
    const statements = totalSince(statementsBefore, statementsAfter);
    const seconds = result.duration;
    const cpuPerTransfer = (ms: number) => Number((ms / Math.max(completed + declined, 1)).toFixed(2));
    console.log('');
    console.log(`connections ${CONNECTIONS}, duration ${seconds.toFixed(1)} s, customers ${CUSTOMERS}`);
    console.log(`completed transfers:  ${completed} (${(completed / seconds).toFixed(0)} per second)`);
    console.log(`declined: ${declined}, errors or non-200: ${failed + result.errors + result.timeouts}`);
    console.log(
      `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    );
    console.log(
      `SQL statements per payment: ${(statements / Math.max(completed + declined, 1)).toFixed(1)} ` +
        `(${Object.keys(statementsAfter)
          .map((name) => `${name} ${perPayment(name)}`)
          .join(', ')}; BEGIN and COMMIT count)`,
    );
    console.log(
      `risk decision inside a payment: p50 ${quantileMs(riskBefore, riskAfter, 0.5).toFixed(2)} ms, ` +
        `p99 ${quantileMs(riskBefore, riskAfter, 0.99).toFixed(2)} ms ` +
        `(payments_risk_decision_seconds, risk.assess request to answer)`,
    );
    console.log(
      `  of which risk's own work: p50 ${quantileMs(ownBefore, ownAfter, 0.5).toFixed(2)} ms, ` +
        `p99 ${quantileMs(ownBefore, ownAfter, 0.99).toFixed(2)} ms (risk_assess_seconds)`,
    );
    console.log(
      `CPU per transfer: gateway ${cpuPerTransfer(gatewayCpu)} ms, subgraphs ${cpuPerTransfer(subgraphsCpu)} ms ` +
        `(user and system time of each process during the load)`,
    );
    const json = args.get('json');
    if (json) {
      const summary = {
        connections: CONNECTIONS,
        seconds,
        transfersPerSecond: Math.round(completed / seconds),
        completed,
        declined,
        errors: failed + result.errors + result.timeouts,
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        sqlStatementsPerPayment: Number((statements / Math.max(completed + declined, 1)).toFixed(1)),
        riskDecisionP50Ms: Number(quantileMs(riskBefore, riskAfter, 0.5).toFixed(2)),
        riskDecisionP99Ms: Number(quantileMs(riskBefore, riskAfter, 0.99).toFixed(2)),
        gatewayCpuMsPerTransfer: cpuPerTransfer(gatewayCpu),
        subgraphsCpuMsPerTransfer: cpuPerTransfer(subgraphsCpu),
      };
      writeFileSync(json, JSON.stringify(summary, null, 2));
    }
  } finally {
    gateway.kill('SIGTERM');
    subgraphs.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    rmSync(dataDir, { recursive: true, force: true });
    await dropBenchSchemas(env);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
