import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { PaymentEvents } from '../../subgraphs/payments/contract';
import type { TestGraph } from './graph';

/** A subscription's transaction events, with the fields of every subgraph a client would ask for. */
export const TRANSACTION_EVENTS = /* GraphQL */ `
  subscription Events($walletId: ID, $after: ID) {
    transactionEvents(walletId: $walletId, after: $after) {
      id
      type
      occurredAt
      payment {
        id
        kind
        status
        amount {
          amount
          currency
        }
        riskAssessment {
          score
          decision
        }
        cashback {
          amount
          currency
        }
        sourceWallet {
          id
          owner {
            displayName
          }
        }
        destinationWallet {
          id
        }
      }
    }
  }
`;

export interface TransactionEventView {
  id: string;
  type: string;
  payment: {
    id: string;
    kind: string;
    status: string;
    amount: { amount: string; currency: string };
    riskAssessment: { score: number; decision: string } | null;
    cashback: { amount: string; currency: string } | null;
    sourceWallet: { id: string; owner: { displayName: string } } | null;
    destinationWallet: { id: string } | null;
  };
}

/** Fraud alerts as a console shows them: the alert, its payment's status, the account's name. */
export const FRAUD_ALERTS = /* GraphQL */ `
  subscription Alerts($accountId: ID, $after: ID) {
    fraudAlerts(accountId: $accountId, after: $after) {
      id
      eventId
      severity
      status
      reasons {
        code
        contribution
      }
      payment {
        id
        status
        amount {
          amount
          currency
        }
      }
      account {
        id
      }
    }
  }
`;

export interface FraudAlertView {
  id: string;
  eventId: string;
  severity: string;
  status: string;
  reasons: { code: string; contribution: number }[];
  payment: { id: string; status: string; amount: { amount: string } } | null;
  account: { id: string };
}

/** Budget alerts as a customer's app shows them. */
export const BUDGET_ALERTS = /* GraphQL */ `
  subscription Budgets($after: ID) {
    budgetAlerts(after: $after) {
      id
      eventId
      category
      month
      thresholdPercent
      spent {
        amount
        currency
      }
      limit {
        amount
        currency
      }
      payment {
        id
        amount {
          amount
        }
      }
    }
  }
`;

export interface BudgetAlertView {
  id: string;
  eventId: string;
  category: string;
  thresholdPercent: number;
  spent: { amount: string };
  limit: { amount: string };
  payment: { id: string; amount: { amount: string } };
}

/** What ended a connection: its close code and reason. */
export interface Closed {
  code: number;
  reason: string;
}

/** A graphql-ws client of the test graph, as partner apps and front ends use it. */
export interface WsClient {
  client: Client;
  /** Resolves when the socket closes, with its code and reason. */
  closed: Promise<Closed>;
  /** Subscribes; the stream collects what arrives. */
  subscribe<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Stream<T>;
  dispose(): Promise<void>;
}

/** Opens a graphql-ws connection to the gateway with `token` in connectionParams. */
export function wsClient(graph: { wsUrl: string }, token: string | undefined): WsClient {
  let resolveClosed!: (closed: Closed) => void;
  const closed = new Promise<Closed>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url: graph.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        resolveClosed({ code, reason: String(reason) });
      },
    },
  });
  return {
    client,
    closed,
    subscribe: (query, variables) => new Stream(client, query, variables ?? {}),
    dispose: () => Promise.resolve(client.dispose()),
  };
}

/**
 * The results of one subscription as they arrive. `take(n)` waits for the first `n` data
 * results; an error or the end of the subscription rejects the wait.
 */
export class Stream<T> {
  readonly results: T[] = [];
  readonly errors: unknown[] = [];
  completed = false;
  private waiters: (() => void)[] = [];
  readonly unsubscribe: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown>) {
    this.unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors?.length) this.errors.push(result.errors);
          if (result.data) this.results.push(result.data as T);
          this.notify();
        },
        error: (error) => {
          this.errors.push(error);
          this.notify();
        },
        complete: () => {
          this.completed = true;
          this.notify();
        },
      },
    );
  }

  /** The first `n` results, once they have arrived. */
  async take(n: number): Promise<T[]> {
    while (this.results.length < n) {
      if (this.errors.length) throw new Error(`subscription failed: ${JSON.stringify(this.errors)}`);
      if (this.completed) throw new Error(`subscription ended after ${this.results.length} of ${n} results`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.results.slice(0, n);
  }

  /** The first error, once one arrived (a refusal is an error, not a result). */
  async error(): Promise<unknown> {
    while (!this.errors.length) {
      if (this.completed) throw new Error('subscription completed without an error');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.errors[0];
  }

  private notify(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

/** The error codes of a graphql-ws error (an array of GraphQL errors). */
export function wsErrorCodes(error: unknown): string[] {
  const list = Array.isArray(error) ? error : [error];
  return list.map((item) => (item as { extensions?: { code?: string } })?.extensions?.code ?? 'NONE');
}

/**
 * Where the log stands once a payment's completion is in it: subscribing `after` that sees
 * nothing of the payment and misses nothing that follows.
 */
export async function logPositionAfter(graph: TestGraph, paymentId: string): Promise<string> {
  await graph.events.waitFor(PaymentEvents.completed, (data) => data.paymentId === paymentId);
  // The gateway's log appends what the bus delivers; once deliveries are done, it holds it.
  await graph.graph.drain();
  return logPosition(graph);
}

/** Where the graph's event log stands: subscribing `after` it misses nothing that follows. */
export function logPosition(graph: TestGraph): string {
  const log = graph.graph.eventLog;
  if (!log) throw new Error('the graph has no event log');
  return log.head().toString();
}

/** A value of the gateway's /metrics (summed over its label sets, or of one: `code="4413"`), 0 when absent. */
export async function metricValue(graph: TestGraph, name: string, label?: string): Promise<number> {
  const text = await (await fetch(graph.url.replace(/\/graphql$/, '/metrics'))).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name} `) && !line.startsWith(`${name}{`)) continue;
    if (label && !line.includes(label)) continue;
    total += Number(line.split(' ').pop());
  }
  return total;
}

/** The payment ids and types of transaction events, as [id, type] pairs. */
export function idsAndTypes(results: { transactionEvents: TransactionEventView }[]): [string, string][] {
  return results.map(({ transactionEvents: event }) => [event.payment.id, event.type]);
}
