import type { EventContract } from '../../platform/bus';
import { OfferEvents } from '../../subgraphs/offers/contract';
import { PAYMENT_EVENTS } from '../../subgraphs/payments/contract';
import { RISK_EVENTS } from '../../subgraphs/risk/contract';

/** A new subscription's arguments checked for its caller: a query whose null answer is NOT_FOUND. */
export interface FeedCheck {
  query: string;
  variables: Record<string, unknown>;
  /** Where in the answer the object must be. */
  field: string;
  /** What is missing, for the error: "Wallet". */
  what: string;
  id: string;
}

/**
 * What the gateway knows of one subscription field: the events that feed it, and whom an event
 * concerns, so that it asks the owning subgraph only for the subscribers an event may reach (the
 * subgraph then decides for each of them). Everything else about the field is its subgraph's.
 */
export interface Feed {
  field: string;
  events: readonly EventContract[];
  types: ReadonlySet<string>;
  /** The accounts an event concerns; a customer's subscription is resolved only for its own. */
  accountsOf(data: Record<string, unknown>): string[];
  /** A query that checks a new subscription's arguments (e.g. the wallet is the caller's). */
  check(args: Record<string, unknown>): FeedCheck | undefined;
}

const strings = (...values: unknown[]): string[] =>
  values.filter((value): value is string => typeof value === 'string');

const transactionEvents: Feed = {
  field: 'transactionEvents',
  events: PAYMENT_EVENTS,
  types: new Set(PAYMENT_EVENTS.map((event) => event.type)),
  accountsOf: (data) => strings(data.accountId, data.destinationAccountId),
  check: ({ walletId }) =>
    typeof walletId === 'string'
      ? {
          query: 'query SubscriptionWallet($id: ID!) { wallet(id: $id) { id } }',
          variables: { id: walletId },
          field: 'wallet',
          what: 'Wallet',
          id: walletId,
        }
      : undefined,
};

const fraudAlerts: Feed = {
  field: 'fraudAlerts',
  events: RISK_EVENTS,
  types: new Set(RISK_EVENTS.map((event) => event.type)),
  accountsOf: (data) => strings(data.accountId),
  check: ({ accountId }) =>
    typeof accountId === 'string'
      ? {
          query: 'query SubscriptionAccount($id: ID!) { account(id: $id) { id } }',
          variables: { id: accountId },
          field: 'account',
          what: 'Account',
          id: accountId,
        }
      : undefined,
};

const budgetAlerts: Feed = {
  field: 'budgetAlerts',
  events: [OfferEvents.budgetThreshold],
  types: new Set([OfferEvents.budgetThreshold.type]),
  accountsOf: (data) => strings(data.accountId),
  check: () => undefined,
};

/** Every subscription field of the graph, by name. */
export const FEEDS: ReadonlyMap<string, Feed> = new Map(
  [transactionEvents, fraudAlerts, budgetAlerts].map((feed) => [feed.field, feed]),
);

/** Every event some feed serves: what the embedded event log keeps. */
export const FEED_EVENTS: readonly EventContract[] = [...FEEDS.values()].flatMap((feed) => feed.events);
