import { auditServer, type AuditFail, type AuditResult } from 'graphql-http';
import { startTestGraph, type TestGraph } from './support/graph';

/** The GraphQL-over-HTTP spec's audit, run against the gateway as any HTTP client would see it. */
describe('the gateway speaks GraphQL over HTTP', () => {
  let graph: TestGraph;
  let results: AuditResult[];

  beforeAll(async () => {
    graph = await startTestGraph();
    results = await auditServer({ url: graph.url });
  });

  afterAll(async () => {
    await graph?.close();
  });

  it('passes every MUST requirement of the spec', () => {
    const failedMusts = results
      .filter((result): result is AuditFail => result.status === 'error' && result.name.startsWith('MUST'))
      .map((result) => `${result.id} ${result.name}: ${result.reason}`);
    expect(failedMusts).toEqual([]);
  });

  it('ran the whole audit and reports what it only recommends', () => {
    expect(results.length).toBeGreaterThan(40);
    const others = results
      .filter((result): result is AuditFail => result.status !== 'ok')
      .map((result) => `  ${result.status} ${result.id} ${result.name}: ${result.reason}`);
    // CSRF prevention refuses simple GETs, and Apollo Server answers request errors with 400:
    // both are SHOULD/MAY items, listed here so a change in them is visible.
    if (others.length) process.stderr.write(`graphql-http audit, not required:\n${others.join('\n')}\n`);
  });
});
