import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { formatError } from '../errors';
import { entitiesLimit, entityRepresentations } from './entities-limit';
import { fragmentsOf } from './limits';

function countIn(query: string, variables?: Record<string, unknown>): number {
  const document = parse(query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  return entityRepresentations(operation, fragmentsOf(document), variables);
}

const account = (id: string) => ({ __typename: 'Account', id });

describe('entity representations of an operation', () => {
  const byVariable = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }';

  it('counts a variable list, as the gateway sends it', () => {
    expect(countIn(byVariable, { r: [account('1'), account('2'), account('3')] })).toBe(3);
  });

  it('counts a single value as the list of one it is coerced to, and no value as none', () => {
    expect(countIn(byVariable, { r: account('1') })).toBe(1);
    expect(countIn(byVariable, { r: null })).toBe(0);
    expect(countIn(byVariable, {})).toBe(0);
  });

  it("counts a list written inline or in the variable's default", () => {
    const inline =
      '{ _entities(representations: [{ __typename: "Account", id: "1" }, { __typename: "Account", id: "2" }]) { __typename } }';
    expect(countIn(inline)).toBe(2);
    const defaulted =
      'query($r: [_Any!]! = [{ __typename: "Account", id: "1" }]) { _entities(representations: $r) { __typename } }';
    expect(countIn(defaulted)).toBe(1);
    expect(countIn(defaulted, { r: [account('1'), account('2')] })).toBe(2);
  });

  it('sums aliased calls and calls inside fragments, so a batch cannot be split past the limit', () => {
    const query = `
      query($r: [_Any!]!) {
        a: _entities(representations: $r) { __typename }
        ... on Query { b: _entities(representations: $r) { __typename } }
        ...C ...C
      }
      fragment C on Query { c: _entities(representations: $r) { __typename } }
    `;
    expect(countIn(query, { r: [account('1'), account('2')] })).toBe(3 * 2);
  });

  it('counts fields with one response key once, as execution makes one call of them', () => {
    const query = `query($r: [_Any!]!) {
      _entities(representations: $r) { __typename }
      _entities(representations: $r) { ... on Account { id } }
    }`;
    expect(countIn(query, { r: [account('1')] })).toBe(1);
  });

  it('counts nothing in an operation without _entities, or in a mutation', () => {
    expect(countIn('{ me { id } }')).toBe(0);
    expect(
      countIn('mutation($r: [_Any!]!) { _entities(representations: $r) { __typename } }', { r: [1] }),
    ).toBe(0);
  });
});

describe('entities limit', () => {
  let resolved = 0;
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        type Account @key(fields: "id") { id: ID! }
        type Query { me: Account }
      `),
      resolvers: {
        Account: {
          __resolveReference: (reference: { id: string }) => {
            resolved += 1;
            return reference;
          },
        },
      },
    }),
    formatError,
    plugins: [ApolloServerPluginInlineTraceDisabled(), entitiesLimit(2)],
  });
  const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id } } }';

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    resolved = 0;
  });

  it('resolves up to the limit', async () => {
    const response = await server.executeOperation({ query, variables: { r: [account('1'), account('2')] } });
    expect(response.body).toEqual({
      kind: 'single',
      singleResult: { data: { _entities: [{ id: '1' }, { id: '2' }] } },
    });
    expect(resolved).toBe(2);
  });

  it('refuses one more with BAD_USER_INPUT and HTTP 400, before any reference is resolved', async () => {
    const response = await server.executeOperation({
      query,
      variables: { r: [account('1'), account('2'), account('3')] },
    });
    expect(response.http.status).toBe(400);
    expect(response.body).toEqual({
      kind: 'single',
      singleResult: {
        errors: [
          {
            message: 'The operation asks _entities for 3 representations; the limit is 2',
            extensions: { code: 'BAD_USER_INPUT', field: 'representations' },
          },
        ],
      },
    });
    expect(resolved).toBe(0);
  });
});
