import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  typeFromAST,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';

/** The bounds a query must stay within before the gateway plans it. */
export interface QueryLimits {
  /** Deepest field nesting; introspection's __schema/__type subtrees are not counted. */
  maxDepth: number;
  /** Most fields a query may resolve, lists multiplied by their size (see `queryCost`). */
  maxCost: number;
  /** Most aliased fields in one document, against alias-based amplification. */
  maxAliases: number;
}

/** How many items a list field is assumed to return when its size is not known. */
export const DEFAULT_LIST_SIZE = 10;
/** The server-side cap on `first` (API.md); a `first` given by a variable is assumed to reach it. */
export const MAX_PAGE_SIZE = 100;
/** The default number of aliases a document may use. */
export const DEFAULT_MAX_ALIASES = 30;

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * The validation rules that refuse abusive queries. They run once per distinct document:
 * Apollo Server caches a validated document, so a repeated query pays nothing.
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [depthLimit(limits.maxDepth), costLimit(limits.maxCost), aliasLimit(limits.maxAliases)];
}

/** Refuses an operation nested deeper than `max` fields. */
export function depthLimit(max: number): ValidationRule {
  return (context) =>
    perOperation(context, (operation, fragments) => {
      const depth = depthOf(operation.selectionSet, fragments, new Set());
      if (depth > max) {
        context.reportError(
          limitError(
            `${describe(operation)} is ${depth} levels deep; the limit is ${max}`,
            operation,
            'depth',
            max,
            depth,
          ),
        );
      }
    });
}

/** Refuses an operation whose estimated cost (`queryCost`) is above `max`. */
export function costLimit(max: number): ValidationRule {
  return (context) =>
    perOperation(context, (operation, fragments) => {
      const root = rootType(context.getSchema(), operation);
      if (!root) return;
      const cost = costOf(operation.selectionSet, root, fragments, context.getSchema(), new Set());
      if (cost > max) {
        context.reportError(
          limitError(
            `${describe(operation)} costs ${cost}; the limit is ${max}`,
            operation,
            'cost',
            max,
            cost,
          ),
        );
      }
    });
}

/** Refuses a document with more than `max` aliased fields. */
export function aliasLimit(max: number): ValidationRule {
  return (context) => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases += 1;
      },
      Document: {
        leave(document) {
          if (aliases > max) {
            context.reportError(
              limitError(
                `The query uses ${aliases} aliases; the limit is ${max}`,
                document,
                'aliases',
                max,
                aliases,
              ),
            );
          }
        },
      },
    };
  };
}

/**
 * The cost of a query: one per field, and the cost of what a list field selects multiplied by
 * the list's size: its `first` argument (a variable counts as the page cap), else DEFAULT_LIST_SIZE.
 * `edges`/`nodes` inside a paginated field are not multiplied again.
 */
export function queryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Fragments,
): number {
  const root = rootType(schema, operation);
  return root ? costOf(operation.selectionSet, root, fragments, schema, new Set()) : 0;
}

type Fragments = Map<string, FragmentDefinitionNode>;

function perOperation(
  context: ValidationContext,
  check: (operation: OperationDefinitionNode, fragments: Fragments) => void,
): ASTVisitor {
  return {
    Document(document) {
      const fragments: Fragments = new Map();
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      for (const definition of document.definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION) check(definition, fragments);
      }
    },
  };
}

function depthOf(selectionSet: SelectionSetNode, fragments: Fragments, visiting: Set<string>): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (INTROSPECTION_ROOTS.has(selection.name.value)) continue;
      const below = selection.selectionSet ? depthOf(selection.selectionSet, fragments, visiting) : 0;
      deepest = Math.max(deepest, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, visiting));
    } else {
      const fragment = fragments.get(selection.name.value);
      // A cycle is reported by graphql's own NoFragmentCycles rule; here it just stops.
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, visiting));
      visiting.delete(fragment.name.value);
    }
  }
  return deepest;
}

function costOf(
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  fragments: Fragments,
  schema: GraphQLSchema,
  visiting: Set<string>,
): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name === '__typename' || INTROSPECTION_ROOTS.has(name)) continue;
      const field =
        isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
      // Unknown fields are graphql's own validation error; count them as one.
      if (!field) {
        cost += 1;
        continue;
      }
      let childCost = 0;
      const childType = getNamedType(field.type);
      if (selection.selectionSet && isCompositeType(childType)) {
        childCost = costOf(selection.selectionSet, childType, fragments, schema, visiting);
      }
      cost +=
        1 +
        multiplier(selection.arguments ?? [], isListType(getNullableType(field.type)), parentType) *
          childCost;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? typeFromAST(schema, selection.typeCondition) : parentType;
      const type = condition && isCompositeType(condition) ? condition : parentType;
      cost += costOf(selection.selectionSet, type, fragments, schema, visiting);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || visiting.has(fragment.name.value)) continue;
      const condition = typeFromAST(schema, fragment.typeCondition);
      const type = condition && isCompositeType(condition) ? condition : parentType;
      visiting.add(fragment.name.value);
      cost += costOf(fragment.selectionSet, type, fragments, schema, visiting);
      visiting.delete(fragment.name.value);
    }
  }
  return cost;
}

function multiplier(
  args: readonly { name: { value: string }; value: ValueNode }[],
  isList: boolean,
  parentType: GraphQLCompositeType,
): number {
  const first = args.find((arg) => arg.name.value === 'first');
  if (first) {
    if (first.value.kind === Kind.INT) return Math.min(Math.max(Number(first.value.value), 0), MAX_PAGE_SIZE);
    if (first.value.kind === Kind.NULL) return DEFAULT_LIST_SIZE;
    return MAX_PAGE_SIZE;
  }
  if (!isList) return 1;
  // A connection's size was counted at the field that took `first`.
  return parentType.name.endsWith('Connection') ? 1 : DEFAULT_LIST_SIZE;
}

function rootType(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
): GraphQLCompositeType | undefined {
  const type = schema.getRootType(operation.operation);
  return type ?? undefined;
}

function describe(operation: OperationDefinitionNode): string {
  return operation.name ? `Operation "${operation.name.value}"` : 'The operation';
}

function limitError(
  message: string,
  node: OperationDefinitionNode | DocumentNode,
  limit: 'depth' | 'cost' | 'aliases',
  max: number,
  actual: number,
): GraphQLError {
  return new GraphQLError(message, {
    nodes: node.kind === Kind.DOCUMENT ? undefined : [node],
    extensions: { limit, max, actual },
  });
}
