import {
  buildSchema,
  getIntrospectionQuery,
  parse,
  specifiedRules,
  validate,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import { aliasLimit, costLimit, queryCost, queryLimitRules } from './limits';

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

/**
 * `levels` fragments on Query, each spreading the previous one twice: 1 KB for 30 levels, costing
 * 2^(levels + 1), and 2^levels walks for a rule that expands every spread.
 */
function doublingFragments(levels: number): string {
  const lines = [`query Nested{...F${levels}}`, 'fragment F0 on Query{me{id}}'];
  for (let level = 1; level <= levels; level += 1) {
    lines.push(`fragment F${level} on Query{...F${level - 1}...F${level - 1}}`);
  }
  return lines.join('\n');
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

  it('charges a fragment for every spread of it, as if it were written out', () => {
    const spread = costOf('{ me { ...W ...W } } fragment W on Account { wallets { id } }');
    const written = costOf('{ me { wallets { id } wallets { id } } }');
    expect(spread).toBe(written);
  });

  it('costs each fragment once per type it is spread in', () => {
    // An unknown type condition is graphql's own error; the fragment is costed where it is spread.
    const query = '{ me { ...X } wallet(id: "w") { ...X } } fragment X on Nowhere { id wallets { id } }';
    // me (1 + id 1 + wallets (1 + 10 × id)) + wallet (1 + id 1 + `wallets`, unknown on Wallet, 1)
    expect(costOf(query)).toBe(1 + 1 + 1 + 10 + (1 + 1 + 1));
  });

  it('refuses nested double spreads with their whole cost, walking each fragment once', () => {
    const query = doublingFragments(30);
    expect(query.length).toBeLessThan(1_200);
    expect(errorsOf(query)).toEqual([
      {
        message: `Operation "Nested" costs ${2 ** 31}; the limit is 200`,
        extensions: { limit: 'cost', max: 200, actual: 2 ** 31 },
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
