import { startTestGraph, type TestGraph } from './support/graph';
import { signUpCustomer, type TestCustomer } from './support/users';

/**
 * A 1 KB document of `levels` fragments, each spreading the previous one twice: it names two
 * fields, but written out it would select `me { id }` 2^levels times.
 */
function doublingFragments(levels: number): string {
  const lines = [`query Nested{...F${levels}}`, 'fragment F0 on Query{me{id}}'];
  for (let level = 1; level <= levels; level += 1) {
    lines.push(`fragment F${level} on Query{...F${level - 1}...F${level - 1}}`);
  }
  return lines.join('\n');
}

/** A query of more than `tokens` tokens that is otherwise harmless: `{ me { id id … } }`. */
function pastTokenLimit(tokens: number): string {
  return `{ me { ${'id '.repeat(tokens)}} }`;
}

/** graphql-js's words for a document past the token limit (16.x spells it "more that"). */
function tokenLimitMessage(tokens: number): unknown {
  return expect.stringMatching(
    new RegExp(`^Syntax Error: Document contains more th(?:an|at) ${tokens} tokens\\.`),
  );
}

describe('query limits', () => {
  let graph: TestGraph;
  let customer: TestCustomer;

  beforeAll(async () => {
    graph = await startTestGraph();
    customer = await signUpCustomer(graph);
  });

  afterAll(async () => {
    await graph?.close();
  });

  it('refuses nested double fragment spreads with the cost error while a query sent with them answers', async () => {
    const nested = doublingFragments(30);
    expect(nested.length).toBeLessThan(1_200);
    const [refused, answered] = await Promise.all([
      graph.gql(nested, {}, customer.token),
      graph.gql('{ me { id } }', {}, customer.token),
    ]);

    const cost = 2 ** 31;
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([
      {
        message: `Operation "Nested" costs ${cost}; the limit is ${graph.config.maxQueryCost}`,
        locations: [{ line: 1, column: 1 }],
        extensions: {
          code: 'GRAPHQL_VALIDATION_FAILED',
          limit: 'cost',
          max: graph.config.maxQueryCost,
          actual: cost,
        },
      },
    ]);
    expect(answered).toEqual({ status: 200, data: { me: { id: customer.accountId } } });
  });

  it('refuses a document past MAX_QUERY_TOKENS at the parser, with GRAPHQL_PARSE_FAILED and HTTP 400', async () => {
    const response = await graph.gql(pastTokenLimit(graph.config.maxQueryTokens), {}, customer.token);
    expect(response).toEqual({
      status: 400,
      errors: [
        {
          message: tokenLimitMessage(graph.config.maxQueryTokens),
          locations: [{ line: 1, column: expect.any(Number) }],
          extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        },
      ],
    });
  });
});
