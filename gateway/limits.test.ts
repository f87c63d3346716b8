import {
  buildSchema,
  getIntrospectionQuery,
  parse,
  specifiedRules,
  validate,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import { aliasLimit, costLimit, depthLimit, queryCost, queryLimitRules } from './limits';

const schema = buildSchema(/* GraphQL */ `
  type Query {
    me: Account
    wallet(id: ID!): Wallet
  }
  type Account {
    id: ID!
    wallets: [Wallet!]!
    friend: Account
  }
  type Wallet {
    id: ID!
    owner: Account!
    entries(first: Int, after: String): EntryConnection!
  }
  type EntryConnection {
    edges: [EntryEdge!]!
  }
  type EntryEdge {
    cursor: String!
    node: Entry!
  }
  type Entry {
    id: ID!
    amount: String!
  }
`);

function errorsOf(query: string, rules = queryLimitRules({ maxDepth: 5, maxCost: 200, maxAliases: 3 })) {
  return validate(schema, parse(query), [...specifiedRules, ...rules]).map((error) => ({
    message: error.message,
    extensions: error.extensions,
  }));
}

function costOf(query: string): number {
  const document = parse(query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  );
  return queryCost(schema, operation, fragments);
}

describe('depth limit', () => {
  it('accepts a query at the limit', () => {
    expect(errorsOf('{ me { friend { friend { friend { id } } } } }', [depthLimit(5)])).toEqual([]);
  });

  it('refuses a query one level deeper, naming both numbers', () => {
    const errors = errorsOf('query Deep { me { friend { friend { friend { friend { id } } } } } }', [
      depthLimit(5),
    ]);
    expect(errors).toEqual([
      {
        message: 'Operation "Deep" is 6 levels deep; the limit is 5',
        extensions: { limit: 'depth', max: 5, actual: 6 },
      },
    ]);
  });

  it('follows fragments and inline fragments', () => {
    const query = `
      query Deep { me { ...F } }
      fragment F on Account { friend { ... on Account { friend { friend { friend { id } } } } } }
    `;
    expect(errorsOf(query, [depthLimit(5)])).toHaveLength(1);
  });

  it('does not count the introspection query that Sandbox sends', () => {
    expect(errorsOf(getIntrospectionQuery(), [depthLimit(3)])).toEqual([]);
  });

  it('stops at a fragment cycle, which graphql itself reports', () => {
    const errors = errorsOf('{ me { ...A } } fragment A on Account { friend { ...A } }', [depthLimit(5)]);
    expect(errors.map((error) => error.message)).toEqual(['Cannot spread fragment "A" within itself.']);
  });
});

describe('cost limit', () => {
  it('counts one per field', () => {
    expect(costOf('{ me { id } }')).toBe(2);
  });

  it('multiplies a list by the default size of 10', () => {
    // me (1) + wallets (1 + 10 × id)
    expect(costOf('{ me { wallets { id } } }')).toBe(1 + 1 + 10 * 1);
  });

  it('multiplies a paginated field by `first`, and not its edges again', () => {
    // wallet 1 + entries (1 + 50 × edges (1 + cursor 1 + node (1 + id 1 + amount 1)))
    const cost = costOf('{ wallet(id: "w") { entries(first: 50) { edges { cursor node { id amount } } } } }');
    expect(cost).toBe(1 + 1 + 50 * (1 + 1 + 3));
  });

  it('assumes the page cap when `first` is a variable', () => {
    const cost = costOf('query Q($n: Int) { wallet(id: "w") { entries(first: $n) { edges { cursor } } } }');
    expect(cost).toBe(1 + 1 + 100 * 2);
  });

  it('refuses a query above the limit with both numbers', () => {
    const errors = errorsOf('{ me { wallets { entries(first: 100) { edges { node { id } } } } } }', [
      costLimit(1000),
    ]);
    expect(errors).toEqual([
      {
        message: 'The operation costs 3012; the limit is 1000',
        extensions: { limit: 'cost', max: 1000, actual: 3012 },
      },
    ]);
  });

  it('does not charge introspection', () => {
    expect(errorsOf(getIntrospectionQuery(), [costLimit(10)])).toEqual([]);
  });
});

describe('alias limit', () => {
  it('accepts up to the limit', () => {
    expect(errorsOf('{ a: me { id } b: me { id } c: me { id } }', [aliasLimit(3)])).toEqual([]);
  });

  it('refuses one more, counting aliases anywhere in the document', () => {
    const errors = errorsOf('{ a: me { x: id } b: me { id } c: me { id } }', [aliasLimit(3)]);
    expect(errors).toEqual([
      {
        message: 'The query uses 4 aliases; the limit is 3',
        extensions: { limit: 'aliases', max: 3, actual: 4 },
      },
    ]);
  });
});
