import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import { NotFound, formatError } from '../errors';
import { entitiesLimit } from './entities-limit';
import { depthLimit } from './limits';
import { SubgraphExecution } from './subgraph-execution';

interface Context {
  requestId: string;
}

const resolved: string[] = [];

const schema = buildSubgraphSchema({
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    type Thing @key(fields: "id") { id: ID! name: String }
    type Nested { nested: Nested, name: String }
    type Query {
      hello(name: String!): String
      broken: String
      missing: String
      limited: String
      deep: Nested
    }
    type Mutation { rename(name: String!): String }
  `),
  resolvers: {
    Query: {
      hello: (_: unknown, { name }: { name: string }) => (resolved.push('hello'), `hello ${name}`),
      broken: () => {
        resolved.push('broken');
        throw new Error('the disk is on fire');
      },
      missing: () => {
        resolved.push('missing');
        throw new NotFound('Thing', 't1');
      },
      limited: () => {
        resolved.push('limited');
        throw new GraphQLError('Slow down', { extensions: { code: 'RATE_LIMITED', http: { status: 429 } } });
      },
      deep: () => ({ nested: { nested: { nested: { name: 'x' } } } }),
    },
    Mutation: { rename: (_: unknown, { name }: { name: string }) => (resolved.push('rename'), name) },
    Thing: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: `thing ${ref.id}` }) },
  },
});

const LIMITS = { maxTokens: 200, maxDepth: 4, maxEntities: 3 };

function ours(options: { introspection?: boolean; maxDocuments?: number } = {}) {
  const logged: string[] = [];
  const execution = new SubgraphExecution<Context>({
    schema,
    ...LIMITS,
    introspection: options.introspection ?? true,
    maxDocuments: options.maxDocuments,
    formatError,
    onErrors: (errors, context) => logged.push(...errors.map((e) => `${context.requestId}: ${e.message}`)),
  });
  return { execution, logged };
}

async function apollo(introspection = true): Promise<ApolloServer<Context>> {
  const server = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    validationRules: [depthLimit(LIMITS.maxDepth)],
    plugins: [ApolloServerPluginInlineTraceDisabled(), entitiesLimit(LIMITS.maxEntities)],
  });
  await server.start();
  return server;
}

async function viaApollo(server: ApolloServer<Context>, body: unknown, accept?: string) {
  const headers = new HeaderMap([['content-type', 'application/json']]);
  if (accept) headers.set('accept', accept);
  const response = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: '', body },
    context: async () => ({ requestId: 'r1' }),
  });
  if (response.body.kind !== 'complete') throw new Error('incremental response');
  return {
    status: response.status ?? 200,
    contentType: response.headers.get('content-type'),
    body: JSON.parse(response.body.string) as unknown,
  };
}

async function viaOurs(execution: SubgraphExecution<Context>, body: unknown, accept?: string) {
  const executed = await execution.execute(body, accept, async () => ({ requestId: 'r1' }));
  return executed && { ...executed, body: JSON.parse(executed.body) as unknown };
}

const entities = (count: number) => ({
  query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Thing { id name } } }',
  variables: { r: Array.from({ length: count }, (_, i) => ({ __typename: 'Thing', id: `t${i}` })) },
});

describe('a subgraph executing the gateway’s requests itself', () => {
  let server: ApolloServer<Context>;

  beforeAll(async () => {
    server = await apollo();
  });
  afterAll(() => server.stop());
  beforeEach(() => resolved.splice(0));

  it.each([
    ['a query', { query: '{ hello(name: "ada") }' }],
    [
      'a query with variables',
      { query: 'query Q($n: String!) { hello(name: $n) }', variables: { n: 'bob' } },
    ],
    [
      'the named operation of several',
      { query: 'query A { hello(name: "a") } query B { deep { name } }', operationName: 'B' },
    ],
    ['a mutation', { query: 'mutation { rename(name: "new") }' }],
    ['entities within the limit', entities(3)],
    ['a failing resolver (masked)', { query: '{ broken hello(name: "x") }' }],
    ['a refusal with a code', { query: '{ missing }' }],
    ['an error that sets the HTTP status', { query: '{ limited }' }],
  ])('answers %s exactly as Apollo Server does', async (_, body) => {
    const { execution } = ours();
    const mine = await viaOurs(execution, body);
    const theirs = await viaApollo(server, body);
    expect(mine).toEqual(theirs);
  });

  it('answers in the type the caller asks for first', async () => {
    const { execution } = ours();
    const body = { query: '{ hello(name: "ada") }' };
    const accept = 'application/graphql-response+json, application/json';
    expect(await viaOurs(execution, body, accept)).toEqual(await viaApollo(server, body, accept));
    expect((await viaOurs(execution, body, accept))?.contentType).toMatch(/graphql-response\+json/);
  });

  it('tells of every error with the request’s context, masked or not', async () => {
    const { execution, logged } = ours();
    await viaOurs(execution, { query: '{ broken missing }' });
    expect(logged.sort()).toEqual(['r1: Thing t1 not found', 'r1: the disk is on fire'].sort());
  });

  it.each([
    ['a document that does not parse', { query: '{ hello(' }],
    ['a document past the token limit', { query: `{ ${'hello(name: "x") '.repeat(40)} }` }],
    ['an unknown field', { query: '{ nope }' }],
    [
      'a query past the depth limit',
      { query: '{ deep { nested { nested { nested { nested { name } } } } } }' },
    ],
    ['more entities than the limit', entities(4)],
    ['an operation name that is not in the document', { query: '{ hello(name: "a") }', operationName: 'X' }],
    ['several operations and no name', { query: 'query A { hello(name: "a") } query B { broken }' }],
    ['variables that do not coerce', { query: 'query($n: String!) { hello(name: $n) }', variables: {} }],
    ['a persisted query', { query: '{ hello(name: "a") }', extensions: { persistedQuery: { version: 1 } } }],
    ['variables that are not an object', { query: '{ hello(name: "a") }', variables: [1] }],
    ['no query', { variables: {} }],
  ])('leaves %s to Apollo Server, having run no resolver', async (_, body) => {
    const { execution } = ours();
    expect(await execution.execute(body, undefined, async () => ({ requestId: 'r1' }))).toBeUndefined();
    expect(resolved).toEqual([]);
    // What Apollo Server answers instead is an error, not data.
    const theirs = await viaApollo(server, body);
    expect(theirs.status).toBeGreaterThanOrEqual(400);
  });

  it('leaves an Accept header it does not read plainly to Apollo Server', async () => {
    const { execution } = ours();
    const body = { query: '{ hello(name: "a") }' };
    for (const accept of ['text/html', 'application/json;q=0.5, application/graphql-response+json']) {
      expect(await execution.execute(body, accept, async () => ({ requestId: 'r1' }))).toBeUndefined();
    }
  });

  it('leaves introspection to Apollo Server where it is turned off', async () => {
    const { execution } = ours({ introspection: false });
    const body = { query: '{ __schema { queryType { name } } }' };
    expect(await execution.execute(body, undefined, async () => ({ requestId: 'r1' }))).toBeUndefined();
    const closed = await apollo(false);
    try {
      expect((await viaApollo(closed, body)).status).toBe(400);
    } finally {
      await closed.stop();
    }
    expect(await viaOurs(ours().execution, body)).toEqual(await viaApollo(server, body));
  });

  it('leaves a request whose context cannot be made to Apollo Server', async () => {
    const { execution } = ours();
    const failing = async (): Promise<Context> => {
      throw new Error('no context');
    };
    expect(await execution.execute({ query: '{ hello(name: "a") }' }, undefined, failing)).toBeUndefined();
  });

  it('keeps a bounded number of documents and still answers the ones it dropped', async () => {
    const { execution } = ours({ maxDocuments: 2 });
    for (const name of ['a', 'b', 'c', 'a']) {
      const answer = await viaOurs(execution, { query: `{ hello(name: "${name}") }` });
      expect(answer?.body).toEqual({ data: { hello: `hello ${name}` } });
    }
  });
});
