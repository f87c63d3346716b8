import type { SubgraphName } from '../platform/config';
import { ok, postGraphQL, type GraphQLResponse } from './support/gql';
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

/** `wallet(id) { owner { wallets { owner … } } }`, `levels` fields deep in the wallets subgraph. */
function deepWalletQuery(levels: number): string {
  const path = Array.from({ length: levels - 2 }, (_, index) => (index % 2 === 0 ? 'owner' : 'wallets'));
  const selection = path.reduceRight((inner, field) => `${field} { ${inner} }`, 'id');
  return `query TooDeep($id: ID!) { wallet(id: $id) { ${selection} } }`;
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

const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id } } }';

describe('query limits', () => {
  let graph: TestGraph;
  let customer: TestCustomer;
  let walletId: string;

  /**
   * Calls a subgraph on its own port, past the gateway: the one place that says how such a caller
   * is made, so the test follows whatever a subgraph comes to require of its callers.
   */
  function callSubgraph(
    name: SubgraphName,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse> {
    // Signed as the gateway's: the subgraph's own limits are what is tested, not its gatekeeping.
    return postGraphQL(
      graph.graph.services[name].url,
      query,
      variables,
      { token: customer.token },
      { signer: graph.signer },
    );
  }

  beforeAll(async () => {
    graph = await startTestGraph();
    customer = await signUpCustomer(graph);
    const opened = await ok(
      graph.gql<{ openWallet: { id: string } }>(
        'mutation ($input: OpenWalletInput!) { openWallet(input: $input) { id } }',
        { input: { currency: 'EUR' } },
        customer.token,
      ),
    );
    walletId = opened.openWallet.id;
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

  describe('a subgraph called on its own port', () => {
    it('answers a query at its depth limit', async () => {
      const depth = graph.config.subgraphLimits.maxDepth;
      const response = await callSubgraph('wallets', deepWalletQuery(depth), { id: walletId });
      expect(response.errors).toBeUndefined();
      expect(response.data).toMatchObject({ wallet: { owner: { wallets: [{ owner: {} }] } } });
    });

    it('refuses a query deeper than SUBGRAPH_MAX_DEPTH, saying by how much', async () => {
      const max = graph.config.subgraphLimits.maxDepth;
      const response = await callSubgraph('wallets', deepWalletQuery(max + 1), { id: walletId });
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.errors).toEqual([
        {
          message: `Operation "TooDeep" is ${max + 1} levels deep; the limit is ${max}`,
          locations: [{ line: 1, column: 1 }],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth', max, actual: max + 1 },
        },
      ]);
    });

    it('resolves _entities within SUBGRAPH_MAX_ENTITIES', async () => {
      const response = await callSubgraph('accounts', ENTITIES, {
        r: [{ __typename: 'Account', id: customer.accountId }],
      });
      expect(response).toEqual({ status: 200, data: { _entities: [{ id: customer.accountId }] } });
    });

    it('refuses more _entities representations than SUBGRAPH_MAX_ENTITIES with BAD_USER_INPUT, resolving none', async () => {
      const max = graph.config.subgraphLimits.maxEntities;
      const representations = Array.from({ length: max + 1 }, () => ({
        __typename: 'Account',
        id: customer.accountId,
      }));
      const response = await callSubgraph('accounts', ENTITIES, { r: representations });
      expect(response).toEqual({
        status: 400,
        errors: [
          {
            message: `The operation asks _entities for ${max + 1} representations; the limit is ${max}`,
            extensions: { code: 'BAD_USER_INPUT', field: 'representations' },
          },
        ],
      });
    });

    it('refuses a document past MAX_QUERY_TOKENS at its parser too', async () => {
      const response = await callSubgraph('accounts', pastTokenLimit(graph.config.maxQueryTokens));
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
});
