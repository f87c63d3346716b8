import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry. Services add their counters here and every HTTP server
 * serves it at /metrics.
 */
export const metrics = new Registry();
collectDefaultMetrics({ register: metrics });

/** SQL statements sent to each subgraph's database: the cost of a payment, in statements. */
export const sqlStatements = new Counter({
  name: 'db_statements_total',
  help: 'SQL statements sent to the database, per subgraph',
  labelNames: ['subgraph'] as const,
  registers: [metrics],
});

/** The /metrics route of a service, in Prometheus' text format. */
export async function metricsRoute(): Promise<{ status: number; body: string; contentType: string }> {
  return { status: 200, body: await metrics.metrics(), contentType: metrics.contentType };
}
