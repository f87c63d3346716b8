import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new GraphQLError('Decimal must be an exact decimal string such as "12.34"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

/** An exact decimal as a string ("12.34"): money is never a Float. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, such as "12.34". Never a binary float.',
  serialize: (value) => parseDecimal(value),
  parseValue: (value) => parseDecimal(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Decimal must be a string such as "12.34", not a number literal', {
        nodes: ast,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return parseDecimal(ast.value);
  },
});

/** ISO-8601 date-times in UTC. */
export const DateTimeScalar = GraphQLDateTime;

/** The scalars every subgraph maps: `Date` fields become DateTime. */
export const scalarsMap = [{ type: Date, scalar: DateTimeScalar }];
