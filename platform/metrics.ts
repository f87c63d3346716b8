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

/** WAL frames copied back into each SQLite database by the checkpointer's thread. */
export const walCheckpointedFrames = new Counter({
  name: 'db_wal_checkpointed_frames_total',
  help: 'WAL frames the checkpointer thread copied back into each SQLite database, by file name',
  labelNames: ['database'] as const,
  registers: [metrics],
});

/** The /metrics route of a service, in Prometheus' text format. */
export async function metricsRoute(): Promise<{ status: number; body: string; contentType: string }> {
  return { status: 200, body: await metrics.metrics(), contentType: metrics.contentType };
}
