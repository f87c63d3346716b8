import { Counter, Gauge } from 'prom-client';
import { metrics } from '../../platform/metrics';

/** Client subscriptions open on this process's gateways. */
export const openSubscriptions = new Gauge({
  name: 'gateway_subscriptions_open',
  help: 'Client subscriptions open at the gateway',
  registers: [metrics],
});

/** Upstream sources: one per distinct subscription (operation, arguments, who may see it). */
export const subscriptionSources = new Gauge({
  name: 'gateway_subscription_sources',
  help: 'Upstream subscription sources shared by the clients that subscribe to the same thing',
  registers: [metrics],
});

/** Events resolved against the subgraphs, once per source (not per client). */
export const eventsResolved = new Counter({
  name: 'gateway_subscription_events_resolved_total',
  help: 'Events resolved through a subscription plan, per source',
  registers: [metrics],
});

/** Events sent to clients. */
export const eventsDelivered = new Counter({
  name: 'gateway_subscription_events_delivered_total',
  help: 'Subscription events sent to clients',
  registers: [metrics],
});

/** Connections closed by the gateway, by close code. */
export const subscriptionsClosed = new Counter({
  name: 'gateway_subscription_connections_closed_total',
  help: 'graphql-ws connections the gateway closed, by close code',
  labelNames: ['code'] as const,
  registers: [metrics],
});
