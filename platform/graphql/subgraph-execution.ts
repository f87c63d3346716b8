import {
  execute,
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { entityRepresentations } from './entities-limit';
import { depthLimit, fragmentsOf, type Fragments } from './limits';

/** What a subgraph's own execution of a request answers: the HTTP status, type and body. */
export interface ExecutedResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface SubgraphExecutionOptions<Context> {
  schema: GraphQLSchema;
  maxTokens: number;
  maxDepth: number;
  maxEntities: number;
  introspection: boolean;
  /** How each error of a result is shown to the caller (the platform's masking). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Told of the errors of every result before they are formatted (logging of the real causes). */
  onErrors: (errors: readonly GraphQLError[], context: Context) => void;
  /** How many validated documents are kept; the gateway sends few distinct ones. */
  maxDocuments?: number;
}

/** A document that validated, with what each request of it needs again: its fragments by name. */
interface KnownDocument {
  document: DocumentNode;
  fragments: Fragments;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';

/**
 * Executes the gateway's requests to a subgraph without Apollo Server's request pipeline: what
 * the gateway sends is a handful of documents, each parsed and validated once and kept, then run
 * straight through graphql-js. It answers only what goes right the ordinary way (a well-formed
 * POST whose document is valid, whose operation resolves, within the entity limit, with
 * variables that coerce) and answers it as Apollo Server would: the same rules, the same error
 * masking and codes, the same body. Everything else (a bad document, a refused limit, a
 * persisted query, an unusual Accept) returns undefined, and Apollo Server answers it, so the
 * errors callers see keep one source. Nothing is executed before it is known that this path
 * answers.
 */
export class SubgraphExecution<Context> {
  private readonly documents = new Map<string, KnownDocument>();
  private readonly rules: readonly ValidationRule[];
  private readonly maxDocuments: number;

  constructor(private readonly options: SubgraphExecutionOptions<Context>) {
    this.rules = [
      ...specifiedRules,
      depthLimit(options.maxDepth),
      ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    ];
    this.maxDocuments = options.maxDocuments ?? 500;
  }

  /** The response to a parsed JSON body, or undefined for Apollo Server to answer the request. */
  async execute(
    body: unknown,
    accept: string | undefined,
    context: () => Promise<Context>,
  ): Promise<ExecutedResponse | undefined> {
    const request = ordinaryRequest(body);
    const contentType = request && responseType(accept);
    if (!request || !contentType) return undefined;
    const known = this.document(request.query);
    const operation = known && getOperationAST(known.document, request.operationName);
    if (!known || !operation) return undefined;
    const representations = entityRepresentations(operation, known.fragments, request.variables);
    if (representations > this.options.maxEntities) return undefined;
    let contextValue: Context;
    try {
      contextValue = await context();
    } catch {
      return undefined;
    }
    const result = await execute({
      schema: this.options.schema,
      document: known.document,
      contextValue,
      variableValues: request.variables,
      operationName: request.operationName,
    });
    // No data at all: the variables did not coerce and no resolver ran.
    if (result.data === undefined) return undefined;
    let status = 200;
    let errors: GraphQLFormattedError[] | undefined;
    if (result.errors?.length) {
      this.options.onErrors(result.errors, contextValue);
      errors = result.errors.map((error) => {
        const { formatted, httpStatus } = this.format(error);
        if (httpStatus) status = httpStatus;
        return formatted;
      });
    }
    return {
      status,
      contentType,
      body: JSON.stringify({ errors, data: result.data, extensions: result.extensions }),
    };
  }

  /** A valid document for a query text, parsed and validated once. */
  private document(query: string): KnownDocument | undefined {
    const cached = this.documents.get(query);
    if (cached) return cached;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.options.maxTokens });
    } catch {
      return undefined;
    }
    if (validate(this.options.schema, document, this.rules).length) return undefined;
    if (this.documents.size >= this.maxDocuments) {
      // The oldest goes: Map keeps insertion order.
      this.documents.delete(this.documents.keys().next().value as string);
    }
    const known = { document, fragments: fragmentsOf(document) };
    this.documents.set(query, known);
    return known;
  }

  /** One error as Apollo Server shows it: a code always, `extensions.http` taken off as the status. */
  private format(error: GraphQLError): { formatted: GraphQLFormattedError; httpStatus?: number } {
    const { http, ...rest } = error.extensions as { http?: { status?: unknown }; code?: unknown };
    const extensions = { ...rest, code: rest.code ?? 'INTERNAL_SERVER_ERROR' };
    const httpStatus = typeof http?.status === 'number' ? http.status : undefined;
    try {
      return { formatted: this.options.formatError({ ...error.toJSON(), extensions }, error), httpStatus };
    } catch {
      return {
        formatted: { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        httpStatus,
      };
    }
  }
}

interface OrdinaryRequest {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

/** A body with a query, and variables, operation name and extensions of the usual shapes. */
function ordinaryRequest(body: unknown): OrdinaryRequest | undefined {
  if (!isObject(body)) return undefined;
  const { query, operationName, variables, extensions } = body;
  if (typeof query !== 'string' || !query) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && !isObject(variables)) return undefined;
  if (extensions != null && (!isObject(extensions) || 'persistedQuery' in extensions)) return undefined;
  return {
    query,
    operationName: operationName ?? undefined,
    variables: variables ?? undefined,
  };
}

/** The response type the caller takes, when its Accept header is one of the plain ones. */
function responseType(accept: string | undefined): string | undefined {
  if (!accept || accept === '*/*') return JSON_TYPE;
  const first = accept.split(',')[0].trim();
  if (first.includes(';')) return undefined;
  if (first === 'application/graphql-response+json') return GRAPHQL_RESPONSE_TYPE;
  if (first === 'application/json' || first === '*/*') return JSON_TYPE;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
