import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { BadInput, ErrorCode } from '../errors';
import { fragmentsOf, type Fragments } from './limits';

/** The variables of one request as they arrive: JSON, not yet coerced. */
type RawVariables = Readonly<Record<string, unknown>> | undefined;

/**
 * Refuses an operation that hands `_entities` more than `max` representations, before any resolver
 * runs: each one is a reference lookup, so the count bounds the work one request can ask for.
 */
export function entitiesLimit(max: number): ApolloServerPlugin<BaseContext> {
  // One listener serves every request: it keeps nothing per request.
  const listener: GraphQLRequestListener<BaseContext> = {
    async didResolveOperation({ document, operation, request }) {
      if (!operation) return;
      const count = entityRepresentations(operation, fragmentsOf(document), request.variables);
      if (count <= max) return;
      const message = `The operation asks _entities for ${count} representations; the limit is ${max}`;
      throw new GraphQLError(message, {
        originalError: new BadInput(message, 'representations'),
        extensions: { code: ErrorCode.BadUserInput, http: { status: 400 } },
      });
    },
  };
  return { requestDidStart: async () => listener };
}

/**
 * How many representations an operation passes to `_entities`, summed over every `_entities`
 * field of its root selection, so aliases cannot split one batch past the limit. They arrive as a
 * variable (the gateway's way), a variable's default, or a list written inline.
 */
export function entityRepresentations(
  operation: OperationDefinitionNode,
  fragments: Fragments,
  variables: RawVariables,
): number {
  if (operation.operation !== 'query') return 0;
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const count = (value: ValueNode): number => {
    if (value.kind === Kind.LIST) return value.values.length;
    if (value.kind === Kind.NULL) return 0;
    if (value.kind !== Kind.VARIABLE) return 1;
    const name = value.name.value;
    if (variables && name in variables) return listLength(variables[name]);
    const fallback = defaults.get(name);
    return fallback ? count(fallback) : 0;
  };
  return sumRoot(operation.selectionSet, { fragments, count, spread: new Set(), keys: new Set() });
}

/** What the walk over the root selection carries: execution merges what it has already seen. */
interface RootWalk {
  fragments: Fragments;
  count: (value: ValueNode) => number;
  /** Fragments already spread: a repeated spread is merged into the first. */
  spread: Set<string>;
  /** Response keys already counted: fields with one key are one resolver call. */
  keys: Set<string>;
}

function sumRoot(selectionSet: SelectionSetNode, walk: RootWalk): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      if (selection.name.value !== '_entities' || walk.keys.has(key)) continue;
      walk.keys.add(key);
      const representations = selection.arguments?.find((arg) => arg.name.value === 'representations');
      if (representations) total += walk.count(representations.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      total += sumRoot(selection.selectionSet, walk);
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      if (!fragment || walk.spread.has(fragment.name.value)) continue;
      walk.spread.add(fragment.name.value);
      total += sumRoot(fragment.selectionSet, walk);
    }
  }
  return total;
}

function listLength(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  // GraphQL coerces a single value to a list of one; null or absent is no list at all.
  return value === null || value === undefined ? 0 : 1;
}
