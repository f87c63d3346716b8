import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { FragmentMemo, depthLimit, fragmentsOf } from './limits';

const schema = buildSchema(/* GraphQL */ `
  type Query {
    me: Account
  }
  type Account {
    id: ID!
    friend: Account
  }
`);

function errorsOf(query: string, max: number) {
  return validate(schema, parse(query), [...specifiedRules, depthLimit(max)]).map((error) => ({
    message: error.message,
    extensions: error.extensions,
  }));
}

/**
 * `levels` fragments, each selecting the previous one both one field deeper and in place: 1.4 KB
 * for 30 levels, `levels + 2` fields deep, and 2^levels walks for a rule that expands every spread.
 */
function nestedFragments(levels: number): string {
  const lines = [`query Nested{me{...F${levels}}}`, 'fragment F0 on Account{id}'];
  for (let level = 1; level <= levels; level += 1) {
    lines.push(`fragment F${level} on Account{friend{...F${level - 1}}...F${level - 1}}`);
  }
  return lines.join('\n');
}

describe('depth limit', () => {
  it('accepts a query at the limit', () => {
    expect(errorsOf('{ me { friend { friend { friend { id } } } } }', 5)).toEqual([]);
  });

  it('refuses a query one level deeper, naming both numbers', () => {
    const errors = errorsOf('query Deep { me { friend { friend { friend { friend { id } } } } } }', 5);
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
    expect(errorsOf(query, 5)).toHaveLength(1);
  });

  it('does not count the introspection query that Sandbox sends', () => {
    expect(errorsOf(getIntrospectionQuery(), 3)).toEqual([]);
  });

  it('stops at a fragment cycle, which graphql itself reports', () => {
    const errors = errorsOf('{ me { ...A } } fragment A on Account { friend { ...A } }', 5);
    expect(errors.map((error) => error.message)).toEqual(['Cannot spread fragment "A" within itself.']);
  });

  it('measures each fragment once, so nested double spreads are refused with their true depth', () => {
    const query = nestedFragments(30);
    expect(query.length).toBeLessThan(1_500);
    expect(errorsOf(query, 24)).toEqual([
      {
        message: 'Operation "Nested" is 32 levels deep; the limit is 24',
        extensions: { limit: 'depth', max: 24, actual: 32 },
      },
    ]);
  });

  it('counts the same depth for a fragment wherever it is spread', () => {
    const query = `
      query Both { me { ...Two friend { ...Two } } }
      fragment Two on Account { friend { friend { id } } }
    `;
    expect(errorsOf(query, 3)).toEqual([
      {
        message: 'Operation "Both" is 5 levels deep; the limit is 3',
        extensions: { limit: 'depth', max: 3, actual: 5 },
      },
    ]);
  });
});

describe('fragment memo', () => {
  const fragments = fragmentsOf(
    parse('fragment A on Account { id } fragment B on Account { ...A } { me { ...B } }'),
  );

  it('computes a fragment once and answers later spreads from memory', () => {
    const memo = new FragmentMemo<number>(fragments);
    let computed = 0;
    const compute = () => (computed += 1);
    expect([memo.valueOf('A', compute), memo.valueOf('A', compute)]).toEqual([1, 1]);
    expect(computed).toBe(1);
  });

  it('keeps values apart by key', () => {
    const memo = new FragmentMemo<string>(fragments);
    expect(memo.valueOf('A', () => 'on Account', 'A on Account')).toBe('on Account');
    expect(memo.valueOf('A', () => 'on Query', 'A on Query')).toBe('on Query');
  });

  it('has no value for an unknown fragment or one spread inside itself', () => {
    const memo = new FragmentMemo<number>(fragments);
    expect(memo.valueOf('Missing', () => 1)).toBeUndefined();
    let inner: number | undefined = 0;
    expect(memo.valueOf('B', () => ((inner = memo.valueOf('B', () => 1)), 2))).toBe(2);
    expect(inner).toBeUndefined();
  });
});
