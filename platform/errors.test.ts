import { GraphQLError } from 'graphql';
import { BadInput, formatError, NotFound, RateLimited } from './errors';

function located(original: Error): GraphQLError {
  return new GraphQLError(original.message, { path: ['x'], originalError: original });
}

describe('formatError', () => {
  it('keeps the code and field of errors clients cause', () => {
    const error = located(new BadInput('The amount must be greater than zero', 'input.amount'));
    expect(formatError({ message: error.message, path: ['x'] }, error)).toEqual({
      message: 'The amount must be greater than zero',
      path: ['x'],
      extensions: { code: 'BAD_USER_INPUT', field: 'input.amount' },
    });
    const notFound = located(new NotFound('Wallet'));
    expect(formatError({ message: '' }, notFound).extensions).toEqual({ code: 'NOT_FOUND' });
    const limited = located(new RateLimited('Too many attempts', 60));
    expect(formatError({ message: '' }, limited).extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 60,
    });
  });

  it('masks anything else: no message, stack or SQL', () => {
    const error = located(new Error('insert into "wallets" failed: SQLITE_CONSTRAINT'));
    const formatted = formatError(
      {
        message: error.message,
        path: ['x'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] },
      },
      error,
    );
    expect(formatted).toEqual({
      message: 'Internal server error',
      path: ['x'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('lets GraphQL validation errors through with their code', () => {
    const error = new GraphQLError('Cannot query field "nope" on type "Query".', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(
      formatError({ message: error.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error),
    ).toEqual({
      message: error.message,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });
});
