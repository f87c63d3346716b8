import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The error codes of the public graph (API.md); clients switch on these. */
export enum ErrorCode {
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  BadUserInput = 'BAD_USER_INPUT',
  Conflict = 'CONFLICT',
  RateLimited = 'RATE_LIMITED',
  Internal = 'INTERNAL_SERVER_ERROR',
}

/** An error a client can cause and read: it carries its public code and, for bad input, the field. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The JSON shape that crosses the bus in a command's reply. */
  toJSON(): SerializedAppError {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

/** A serialized AppError, as it travels in a bus reply. */
export interface SerializedAppError {
  code: ErrorCode;
  message: string;
  field?: string;
  retryAfterSeconds?: number;
}

/** Rebuilds the typed error on the caller's side of the bus. */
export function revive(error: SerializedAppError): AppError {
  if (error.code === ErrorCode.RateLimited) {
    const retryAfter = typeof error.retryAfterSeconds === 'number' ? error.retryAfterSeconds : undefined;
    return new RateLimited(error.message, retryAfter);
  }
  return new AppError(error.code, error.message, error.field);
}

/** The caller has no valid identity. */
export class Unauthenticated extends AppError {
  constructor(message = 'Sign in to do this') {
    super(ErrorCode.Unauthenticated, message);
  }
}

/** The caller is known but lacks the role or scope. */
export class Forbidden extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super(ErrorCode.Forbidden, message);
  }
}

/** Missing, or not the caller's: the two read the same so nothing leaks. */
export class NotFound extends AppError {
  constructor(what: string, id?: string) {
    super(ErrorCode.NotFound, id === undefined ? `${what} not found` : `${what} ${id} not found`);
  }
}

/** Input that can never succeed as sent; `field` names the argument or input field at fault. */
export class BadInput extends AppError {
  constructor(message: string, field?: string) {
    super(ErrorCode.BadUserInput, message, field);
  }
}

/** The request contradicts the current state (a taken email, a reused idempotency key). */
export class Conflict extends AppError {
  constructor(message: string, field?: string) {
    super(ErrorCode.Conflict, message, field);
  }
}

/** Too many attempts; `retryAfterSeconds` tells when trying again may work. */
export class RateLimited extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(ErrorCode.RateLimited, message);
  }

  override toJSON(): SerializedAppError {
    return {
      ...super.toJSON(),
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
    };
  }
}

const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * The one place that turns any thrown value into what a client sees. AppErrors keep their code
 * and field; GraphQL's own validation and parse errors keep theirs; everything else is masked
 * as INTERNAL_SERVER_ERROR with no message, stack or SQL.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof AppError) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: original.code,
        ...(original.field ? { field: original.field } : {}),
        ...(original instanceof RateLimited && original.retryAfterSeconds !== undefined
          ? { retryAfterSeconds: original.retryAfterSeconds }
          : {}),
      },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== ErrorCode.Internal && isClientFacing(error)) {
    // GraphQL's own errors (parse, validation, bad variables) and known codes pass through.
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.Internal },
  };
}

function isClientFacing(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  const code = error.extensions?.code;
  if (typeof code !== 'string') return false;
  // Apollo's own request errors (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED,
  // BAD_REQUEST, PERSISTED_QUERY_NOT_FOUND...) and our public codes are safe to show.
  return PUBLIC_CODES.has(code) || !error.originalError || error.originalError instanceof GraphQLError;
}
