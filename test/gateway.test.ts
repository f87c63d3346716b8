import { getIntrospectionQuery } from 'graphql';
import { errorCodes, startTestGraph, type GraphQLResponse, type TestGraph } from './support/graph';
import { signUpCustomer, type TestCustomer } from './support/users';
import { SERVED_SUBGRAPHS } from '../platform/config';

/** `{ me { wallets { owner { wallets { owner ... } } } } }`, `levels` fields deep. */
function deepQuery(levels: number): string {
  let selection = 'id';
  for (let level = levels - 1; level >= 2; level -= 1)
    selection = `${level % 2 === 0 ? 'wallets' : 'owner'} { ${selection} }`;
  return `query TooDeep { me { ${selection} } }`;
}

describe('the gateway', () => {
  let graph: TestGraph;
  let base: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    base = graph.url.replace(/\/graphql$/, '');
  });

  afterAll(async () => {
    await graph?.close();
  });

  it('is live on /health and ready on /ready when every subgraph answers', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      subgraphs: Object.fromEntries(SERVED_SUBGRAPHS.map((name) => [name, 'up'])),
    });
  });

  it('refuses a query deeper than MAX_QUERY_DEPTH before planning it, saying by how much', async () => {
    const response = await graph.gql(deepQuery(graph.config.maxQueryDepth + 2));
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    const depthError = response.errors?.find((error) => error.extensions?.limit === 'depth');
    expect(depthError).toMatchObject({
      message: `Operation "TooDeep" is ${graph.config.maxQueryDepth + 2} levels deep; the limit is ${graph.config.maxQueryDepth}`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', max: graph.config.maxQueryDepth },
    });
  });

  it('refuses a query with more than 30 aliases', async () => {
    const aliases = Array.from({ length: 31 }, (_, index) => `a${index}: me { id }`).join(' ');
    const response = await graph.gql(`{ ${aliases} }`);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]).toMatchObject({
      message: 'The query uses 31 aliases; the limit is 30',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' },
    });
  });

  it('answers an invalid token with UNAUTHENTICATED and HTTP 401, and no token as anonymous', async () => {
    const invalid = await graph.gql('{ me { id } }', {}, 'not-a-jwt');
    expect(invalid.status).toBe(401);
    expect(invalid.data).toBeUndefined();
    expect(invalid.errors).toEqual([
      { message: 'The token is not valid', extensions: { code: 'UNAUTHENTICATED' } },
    ]);

    const anonymous = await graph.gql('{ me { id } }');
    expect(anonymous).toEqual({ status: 200, data: { me: null } });
  });

  it('passes the signed-in caller through to the subgraphs', async () => {
    const customer = await signUpCustomer(graph);
    const response = await graph.gql('{ me { id wallets { id } } }', {}, customer.token);
    expect(response).toEqual({
      status: 200,
      data: { me: { id: customer.accountId, wallets: expect.any(Array) } },
    });
  });

  it('keeps the client request id and returns it', async () => {
    const response = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'client-chosen-id-1' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('client-chosen-id-1');
  });

  it('answers introspection, including the full query Sandbox sends', async () => {
    const response = await graph.gql<{ __schema: { types: { name: string }[] } }>(getIntrospectionQuery());
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    const names = response.data!.__schema.types.map((type) => type.name);
    expect(names).toEqual(expect.arrayContaining(['Account', 'Wallet', 'Payment', 'Money']));
    // The federation machinery stays inside: clients see the API schema only.
    expect(names).not.toContain('join__Graph');
  });

  it('serves the Apollo Sandbox landing page to a browser', async () => {
    const response = await fetch(graph.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toMatch(/sandbox/i);
  });

  it('refuses a simple cross-site GET without a preflight header (CSRF prevention)', async () => {
    const response = await fetch(`${graph.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(400);
  });
});

describe('the gateway with a subgraph down', () => {
  let graph: TestGraph;
  let customer: TestCustomer;
  let base: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    base = graph.url.replace(/\/graphql$/, '');
    customer = await signUpCustomer(graph);
    await graph.graph.services.wallets.close();
    // Closed already: the graph's own close must not stop it twice.
    delete graph.graph.services.wallets;
  });

  afterAll(async () => {
    await graph?.close();
  });

  function walletsError(response: GraphQLResponse<unknown>) {
    return response.errors?.find((error) => error.extensions?.serviceName === 'wallets');
  }

  it('is no longer ready, and says which subgraph is down', async () => {
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'unavailable',
      subgraphs: Object.fromEntries(
        SERVED_SUBGRAPHS.map((name) => [name, name === 'wallets' ? 'down' : 'up']),
      ),
    });
  });

  it("still answers the other subgraphs' fields, with null and an error naming wallets for its own", async () => {
    const response = await graph.gql(
      'query { me { id } wallet(id: "0190f6a0-0000-7000-8000-000000000000") { id } }',
      {},
      customer.token,
    );
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ me: { id: customer.accountId }, wallet: null });
    expect(walletsError(response)).toEqual({
      message: 'The wallets subgraph could not be reached; its fields are null',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'wallets' },
    });
    expect(errorCodes(response)).toEqual(['SUBGRAPH_UNAVAILABLE']);
  });

  it('names wallets when a field it contributes to an account is missing', async () => {
    const response = await graph.gql<{ me: { id: string; wallets: unknown } | null }>(
      '{ me { id wallets { id } } }',
      {},
      customer.token,
    );
    expect(response.status).toBe(200);
    expect(walletsError(response)?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    // Account.wallets is non-null in the contract ([Wallet!]!), so GraphQL's null propagation
    // makes the nearest nullable parent, `me`, null.
    expect(response.data).toEqual({ me: null });
  });
});
