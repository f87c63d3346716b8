import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/** A document's fragments by name, as every limit rule reads them. */
export type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/** Which bound a query broke, as `extensions.limit` names it for clients. */
export type LimitName = 'depth' | 'cost' | 'aliases';

/** Introspection's entry points: Sandbox's schema query is charged against no limit. */
export const INTROSPECTION_ROOTS: ReadonlySet<string> = new Set(['__schema', '__type']);

/**
 * Each fragment's value (its depth, its cost), computed at most once per document. A spread reads
 * the first answer instead of walking the fragment again, so N fragments that each spread the
 * previous one twice take N walks, not 2^N.
 */
export class FragmentMemo<T> {
  private readonly values = new Map<string, T>();
  private readonly computing = new Set<string>();

  constructor(readonly fragments: Fragments) {}

  /**
   * The value of fragment `name`; undefined for an unknown fragment or for a spread inside its own
   * expansion (a cycle: graphql's NoFragmentCycles refuses the document, here the walk just stops).
   * `key` tells apart values that depend on more than the name.
   */
  valueOf(name: string, compute: (fragment: FragmentDefinitionNode) => T, key: string = name): T | undefined {
    const fragment = this.fragments.get(name);
    if (!fragment || this.computing.has(name)) return undefined;
    if (this.values.has(key)) return this.values.get(key);
    this.computing.add(name);
    try {
      const value = compute(fragment);
      this.values.set(key, value);
      return value;
    } finally {
      this.computing.delete(name);
    }
  }
}

/**
 * A visitor that checks each operation once the whole document is known. `forDocument` runs once
 * per document, so whatever it memoizes about the fragments is shared by all the operations.
 */
export function perOperation(
  forDocument: (fragments: Fragments) => (operation: OperationDefinitionNode) => void,
): ASTVisitor {
  return {
    Document(document) {
      const check = forDocument(fragmentsOf(document));
      for (const definition of document.definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION) check(definition);
      }
    },
  };
}

/** The fragments a document defines, by name. */
export function fragmentsOf(document: DocumentNode): Fragments {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** Refuses an operation nested deeper than `max` fields; introspection subtrees are not counted. */
export function depthLimit(max: number): ValidationRule {
  return (context: ValidationContext) =>
    perOperation((fragments) => {
      const memo = new FragmentMemo<number>(fragments);
      return (operation) => {
        const depth = depthOf(operation.selectionSet, memo);
        if (depth > max) {
          context.reportError(
            limitError(
              `${describeOperation(operation)} is ${depth} levels deep; the limit is ${max}`,
              operation,
              'depth',
              max,
              depth,
            ),
          );
        }
      };
    });
}

function depthOf(selectionSet: SelectionSetNode, memo: FragmentMemo<number>): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (INTROSPECTION_ROOTS.has(selection.name.value)) continue;
      const below = selection.selectionSet ? depthOf(selection.selectionSet, memo) : 0;
      deepest = Math.max(deepest, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, memo));
    } else {
      const depth = memo.valueOf(selection.name.value, (fragment) => depthOf(fragment.selectionSet, memo));
      if (depth !== undefined) deepest = Math.max(deepest, depth);
    }
  }
  return deepest;
}

/** How an error message names an operation: by its name when it has one. */
export function describeOperation(operation: OperationDefinitionNode): string {
  return operation.name ? `Operation "${operation.name.value}"` : 'The operation';
}

/**
 * A refusal that says which limit, the bound and the actual value, so a client can tell how far
 * over it is; Apollo Server adds the GRAPHQL_VALIDATION_FAILED code.
 */
export function limitError(
  message: string,
  node: OperationDefinitionNode | DocumentNode,
  limit: LimitName,
  max: number,
  actual: number,
): GraphQLError {
  return new GraphQLError(message, {
    nodes: node.kind === Kind.DOCUMENT ? undefined : [node],
    extensions: { limit, max, actual },
  });
}
