import http from 'node:http';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';
import { generateKeyPair } from 'jose';
import { GatewaySigner, RevocationList, Tokens } from '../platform/auth';
import { loadConfig, type Config } from '../platform/config';
import { BadInput, NotFound, formatError } from '../platform/errors';
import { closeGracefully, createGraphQLHttpServer, listen, type IncomingRequest } from '../platform/http';
import { createLogger } from '../platform/logger';
import type { RunningService } from '../platform/subgraph';
import { startGateway } from '../gateway/server';

/**
 * The gateway in front of two small subgraphs of its own, to pin down how it treats subgraphs
 * (headers, timeouts, errors, connections) whatever the real subgraphs do.
 */
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';
const PEOPLE = parse(`${LINK}
  type Person @key(fields: "id") { id: ID! name: String! }
  type Query { person(id: ID!): Person  rename(name: String!): Person }
`);
const PETS = parse(`${LINK}
  type Pet { name: String! }
  type Person @key(fields: "id") { id: ID! pets: [Pet!] }
  type Query { slowPet(ms: Int!): Pet }
`);

interface FakeSubgraph {
  url: string;
  /** The headers of every request it received. */
  requests: IncomingRequest[];
  /** TCP connections it accepted. */
  connections: number;
  close(): Promise<void>;
}

async function serveFake(typeDefs: DocumentNode, resolvers: Record<string, unknown>): Promise<FakeSubgraph> {
  const apollo = new ApolloServer<IncomingRequest>({
    schema: buildSubgraphSchema({ typeDefs, resolvers: resolvers as never }),
    formatError,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const fake = { url: '', requests: [] as IncomingRequest[], connections: 0, close: async () => undefined };
  const server: http.Server = createGraphQLHttpServer({
    apollo,
    logger: createLogger('silent'),
    context: async (request) => {
      fake.requests.push(request);
      return request;
    },
  });
  server.on('connection', () => (fake.connections += 1));
  const port = await listen(server, 0, '127.0.0.1');
  fake.url = `http://127.0.0.1:${port}/graphql`;
  fake.close = async () => {
    await closeGracefully(server, 100);
    await apollo.stop();
  };
  return fake;
}

describe('the gateway and its subgraphs', () => {
  const timeoutMs = 400;
  let people: FakeSubgraph;
  let pets: FakeSubgraph;
  let tokens: Tokens;
  let config: Config;
  let gateway: RunningService;

  async function post(query: string, headers: Record<string, string> = {}) {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    return {
      status: response.status,
      ...((await response.json()) as { data?: unknown; errors?: unknown[] }),
    };
  }

  beforeAll(async () => {
    people = await serveFake(PEOPLE, {
      Query: {
        person: (_: unknown, { id }: { id: string }) => {
          if (id === 'missing') throw new NotFound('Person', id);
          return { id, name: `Person ${id}` };
        },
        rename: () => {
          throw new BadInput('A name has at most 40 characters', 'name');
        },
      },
      Person: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: `Person ${ref.id}` }) },
    });
    pets = await serveFake(PETS, {
      Query: {
        slowPet: (_: unknown, { ms }: { ms: number }) =>
          new Promise((resolve) => setTimeout(() => resolve({ name: 'Rex' }), ms).unref()),
      },
      Person: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, pets: [{ name: 'Rex' }] }) },
    });
    const composition = composeServices([
      { name: 'people', url: 'http://people.invalid/graphql', typeDefs: PEOPLE },
      { name: 'pets', url: 'http://pets.invalid/graphql', typeDefs: PETS },
    ]);
    if (composition.errors) throw composition.errors[0];
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    tokens = new Tokens(
      { privateKey, publicKey } as ConstructorParameters<typeof Tokens>[0],
      'wallet-graph',
      600,
    );
    config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SUBGRAPH_TIMEOUT_MS: String(timeoutMs) });
    gateway = await startGateway({
      config,
      logger: createLogger('silent'),
      tokens,
      revocations: new RevocationList(600_000),
      supergraphSdl: composition.supergraphSdl,
      // The supergraph's routing URLs point nowhere: these must win.
      subgraphUrls: { people: people.url, pets: pets.url },
      port: 0,
      signer: new GatewaySigner('a test secret of thirty-two characters'),
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await people?.close();
    await pets?.close();
  });

  it('joins fields from both subgraphs', async () => {
    expect(await post('{ person(id: "p1") { id name pets { name } } }')).toEqual({
      status: 200,
      data: { person: { id: 'p1', name: 'Person p1', pets: [{ name: 'Rex' }] } },
    });
  });

  it('forwards the caller token, the request id and the client address to every subgraph call', async () => {
    const token = await tokens.signAccount('acc-1', ['CUSTOMER']);
    people.requests.length = 0;
    pets.requests.length = 0;
    await post('{ person(id: "p1") { pets { name } } }', {
      authorization: `Bearer ${token}`,
      'x-request-id': 'req-forwarded-1',
    });
    for (const request of [...people.requests, ...pets.requests]) {
      expect(request.authorization).toBe(`Bearer ${token}`);
      expect(request.requestId).toBe('req-forwarded-1');
      expect(request.headers['x-client-ip']).toBe('127.0.0.1');
    }
    expect(people.requests).toHaveLength(1);
    expect(pets.requests).toHaveLength(1);
  });

  it('refuses an invalid token itself, without calling any subgraph', async () => {
    people.requests.length = 0;
    const response = await post('{ person(id: "p1") { id } }', { authorization: 'Bearer forged' });
    expect(response).toEqual({
      status: 401,
      errors: [{ message: 'The token is not valid', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(people.requests).toHaveLength(0);
  });

  it("keeps a subgraph's own error codes and fields, and names the subgraph", async () => {
    expect(await post('{ person(id: "missing") { id } }')).toEqual({
      status: 200,
      data: { person: null },
      errors: [
        {
          message: 'Person missing not found',
          path: ['person'],
          extensions: { code: 'NOT_FOUND', serviceName: 'people' },
        },
      ],
    });
    const badInput = await post('{ rename(name: "x") { id } }');
    expect(badInput.errors).toEqual([
      {
        message: 'A name has at most 40 characters',
        path: ['rename'],
        extensions: { code: 'BAD_USER_INPUT', field: 'name', serviceName: 'people' },
      },
    ]);
  });

  it('gives up on a slow subgraph after SUBGRAPH_TIMEOUT_MS and still answers the rest', async () => {
    const started = Date.now();
    const response = await post('{ person(id: "p1") { id } slowPet(ms: 3000) { name } }');
    const elapsed = Date.now() - started;
    expect(response).toEqual({
      status: 200,
      data: { person: { id: 'p1' }, slowPet: null },
      errors: [
        {
          message: `The pets subgraph did not answer within ${timeoutMs} ms; its fields are null`,
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'pets' },
        },
      ],
    });
    // undici checks its timers on a coarse clock: allow up to a second past the bound.
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(elapsed).toBeLessThan(timeoutMs + 1_500);
  });

  it('reuses its connections to a subgraph instead of opening one per call', async () => {
    const before = people.connections;
    for (let i = 0; i < 20; i += 1) await post(`{ person(id: "p${i}") { id } }`);
    expect(people.connections - before).toBeLessThanOrEqual(1);
  });

  it('answers /ready with 200 and the state of each subgraph', async () => {
    const response = await fetch(gateway.url.replace(/\/graphql$/, '/ready'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', subgraphs: { people: 'up', pets: 'up' } });
  });
});

describe('the gateway in production', () => {
  let gateway: RunningService;

  beforeAll(async () => {
    const composition = composeServices([
      { name: 'people', url: 'http://127.0.0.1:9/graphql', typeDefs: PEOPLE },
      { name: 'pets', url: 'http://127.0.0.1:9/graphql', typeDefs: PETS },
    ]);
    if (composition.errors) throw composition.errors[0];
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const config: Config = {
      ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      production: true,
      env: 'production',
    };
    gateway = await startGateway({
      config,
      logger: createLogger('silent'),
      tokens: new Tokens(
        { privateKey, publicKey } as ConstructorParameters<typeof Tokens>[0],
        'wallet-graph',
        600,
      ),
      revocations: new RevocationList(600_000),
      supergraphSdl: composition.supergraphSdl,
      subgraphUrls: {},
      port: 0,
      signer: new GatewaySigner('a test secret of thirty-two characters'),
    });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('serves no landing page', async () => {
    const response = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });

  it('refuses introspection', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a mistyped field without suggesting the fields that exist', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ persn(id: "1") { id } }' }),
    });
    const body = (await response.json()) as { errors?: { message: string }[] };
    expect(body.errors?.[0]?.message).toMatch(/Cannot query field "persn"/);
    expect(body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('is not ready while its subgraphs are unreachable, and says which', async () => {
    const response = await fetch(gateway.url.replace(/\/graphql$/, '/ready'));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unavailable',
      subgraphs: { people: 'down', pets: 'down' },
    });
  });
});
