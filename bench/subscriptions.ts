/**
 * Subscriptions under load: many graphql-ws subscribers on one gateway while payments flow.
 * The subgraphs run in one process and the gateway in another, over NATS JetStream (the mode in
 * which gateways serve subscriptions from the stream); this process holds the subscribers and
 * makes the payments. Prints connections held, events delivered per second, commit-to-client
 * latency (from each event's `occurredAt` to its arrival) and the gateway's memory per
 * connection.
 *
 *   npm run bench:subscriptions -- [--subscribers 10000] [--customers 500] [--rate 40] [--duration 20]
 *
 * Customers are signed up in development mode with a cheap password hash (PASSWORD_SCRYPT_LOG_N=10),
 * so that setting up hundreds of them takes seconds; nothing measured depends on it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import {
  benchArgs,
  gql,
  metric,
  newCustomer,
  percentile,
  startProcess,
  waitReady,
  type BenchCustomer,
} from './support';
import { SERVED_SUBGRAPHS, SUBGRAPHS } from '../platform/config';

const args = benchArgs();
const SUBSCRIBERS = Number(args.get('subscribers') ?? 10_000);
const CUSTOMERS = Number(args.get('customers') ?? 500);
const RATE = Number(args.get('rate') ?? 40);
const DURATION = Number(args.get('duration') ?? 20);
const PORT = Number(args.get('port') ?? 5600);
const NATS_URL = args.get('nats') ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

type Customer = BenchCustomer;

const EVENTS = `subscription ($walletId: ID) { transactionEvents(walletId: $walletId) {
  id type occurredAt payment { id status amount { amount currency } } } }`;

/** Holds the subscribers: one socket and one subscription each, speaking graphql-transport-ws. */
class Subscribers {
  readonly latencies: number[] = [];
  delivered = 0;
  acked = 0;
  closed = 0;
  private readonly sockets: WebSocket[] = [];

  open(wsUrl: string, target: Customer): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
      this.sockets.push(socket);
      socket.on('error', reject);
      socket.on('close', () => this.closed++);
      socket.on('open', () =>
        socket.send(
          JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${target.token}` } }),
        ),
      );
      socket.on('message', (raw) => {
        const message = JSON.parse(raw.toString()) as {
          type: string;
          payload?: { data?: { transactionEvents?: { occurredAt: string } } };
        };
        if (message.type === 'connection_ack') {
          this.acked++;
          socket.send(
            JSON.stringify({
              id: '1',
              type: 'subscribe',
              payload: { query: EVENTS, variables: { walletId: target.walletId } },
            }),
          );
          resolve();
        } else if (message.type === 'next' && message.payload?.data?.transactionEvents) {
          this.delivered++;
          this.latencies.push(Date.now() - Date.parse(message.payload.data.transactionEvents.occurredAt));
        } else if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
      });
    });
  }

  closeAll(): void {
    for (const socket of this.sockets) socket.terminate();
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wallet-sub-bench-'));
  const id = randomBytes(4).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(PORT),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PASSWORD_SCRYPT_LOG_N: '10',
    NATS_URL,
    NATS_STREAM: `BENCH_${id}`,
    NATS_SUBJECT_PREFIX: `bench-${id}`,
    SUBSCRIPTIONS_PER_ACCOUNT: String(SUBSCRIBERS),
  };
  const subgraphs = startProcess('subgraphs', env);
  const subgraphPorts = SERVED_SUBGRAPHS.map((name) => PORT + SUBGRAPHS.indexOf(name) + 1);
  for (const port of subgraphPorts) await waitReady(`http://127.0.0.1:${port}/ready`);
  const gateway = startProcess('gateway', env);
  const origin = `http://127.0.0.1:${PORT}`;
  const url = `${origin}/graphql`;
  const subscribers = new Subscribers();
  try {
    await waitReady(`${origin}/ready`);
    console.log(`Setting up ${CUSTOMERS} customers…`);
    const customers: Customer[] = [];
    for (let i = 0; i < CUSTOMERS; i += 20) {
      const batch = Array.from({ length: Math.min(20, CUSTOMERS - i) }, (_, j) =>
        newCustomer(url, `sub-bench-${i + j}`),
      );
      customers.push(...(await Promise.all(batch)));
    }
    const rssBefore = await metric(origin, 'process_resident_memory_bytes');
    console.log(`Opening ${SUBSCRIBERS} subscriptions (${(SUBSCRIBERS / CUSTOMERS).toFixed(0)} per wallet)…`);
    const wsUrl = url.replace(/^http/, 'ws');
    for (let i = 0; i < SUBSCRIBERS; i += 250) {
      const batch = Array.from({ length: Math.min(250, SUBSCRIBERS - i) }, (_, j) =>
        subscribers.open(wsUrl, customers[(i + j) % customers.length]),
      );
      await Promise.all(batch);
    }
    while ((await metric(origin, 'gateway_subscriptions_open')) < SUBSCRIBERS) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const rssAfter = await metric(origin, 'process_resident_memory_bytes');
    const sources = await metric(origin, 'gateway_subscription_sources');

    console.log(`Paying ${RATE} top-ups per second for ${DURATION} s…`);
    let completed = 0;
    let failed = 0;
    const started = Date.now();
    const payments: Promise<void>[] = [];
    for (let n = 0; Date.now() - started < DURATION * 1000; n++) {
      const target = customers[n % customers.length];
      payments.push(
        gql<{ topUp: { status: string } }>(
          url,
          `mutation ($input: TopUpInput!) { topUp(input: $input) { status } }`,
          {
            input: {
              walletId: target.walletId,
              fundingSourceId: target.bankId,
              amount: { amount: '1.00', currency: 'EUR' },
              idempotencyKey: randomUUID(),
            },
          },
          target.token,
        ).then(
          (data) => void (data.topUp.status === 'COMPLETED' ? completed++ : failed++),
          () => void failed++,
        ),
      );
      const due = started + ((n + 1) * 1000) / RATE;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    }
    await Promise.all(payments);
    const perWallet = SUBSCRIBERS / customers.length;
    const expected = Math.round(completed * 2 * perWallet);
    const settleUntil = Date.now() + 10_000;
    while (subscribers.delivered < expected && Date.now() < settleUntil) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const elapsed = (Date.now() - started) / 1000;
    const sorted = [...subscribers.latencies].sort((a, b) => a - b);
    const result = {
      subscribers: SUBSCRIBERS,
      connectionsHeld: SUBSCRIBERS - subscribers.closed,
      sources,
      paymentsCompleted: completed,
      paymentsFailed: failed,
      eventsExpected: expected,
      eventsDelivered: subscribers.delivered,
      eventsPerSecond: Math.round(subscribers.delivered / elapsed),
      latencyP50Ms: percentile(sorted, 0.5),
      latencyP99Ms: percentile(sorted, 0.99),
      latencyMaxMs: sorted.at(-1) ?? NaN,
      gatewayKiBPerConnection: Math.round((rssAfter - rssBefore) / SUBSCRIBERS / 1024),
    };
    console.table(result);
    const json = args.get('json');
    if (json) writeFileSync(json, JSON.stringify(result, null, 2));
  } finally {
    subscribers.closeAll();
    gateway.kill('SIGTERM');
    subgraphs.kill('SIGTERM');
    await Promise.all(
      [gateway, subgraphs].map((child) => new Promise((resolve) => child.once('exit', resolve))),
    );
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
