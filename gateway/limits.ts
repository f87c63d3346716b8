import {
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  typeFromAST,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import {
  FragmentMemo,
  INTROSPECTION_ROOTS,
  depthLimit,
  describeOperation,
  limitError,
  perOperation,
  type Fragments,
} from '../platform/graphql/limits';

export { depthLimit };

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

/**
 * The validation rules that refuse abusive queries. They run once per distinct document:
 * Apollo Server caches a validated document, so a repeated query pays nothing.
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [depthLimit(limits.maxDepth), costLimit(limits.maxCost), aliasLimit(limits.maxAliases)];
}

/** Refuses an operation whose estimated cost (`queryCost`) is above `max`. */
export function costLimit(max: number): ValidationRule {
  return (context) =>
    perOperation((fragments) => {
      const schema = context.getSchema();
      const memo = new FragmentMemo<number>(fragments);
      return (operation) => {
        const root = rootType(schema, operation);
        if (!root) return;
        const cost = costOf(operation.selectionSet, root, memo, schema);
        if (cost > max) {
          context.reportError(
            limitError(
              `${describeOperation(operation)} costs ${cost}; the limit is ${max}`,
              operation,
              'cost',
              max,
              cost,
            ),
          );
        }
      };
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
  return root ? costOf(operation.selectionSet, root, new FragmentMemo(fragments), schema) : 0;
}

function costOf(
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  memo: FragmentMemo<number>,
  schema: GraphQLSchema,
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
        childCost = costOf(selection.selectionSet, childType, memo, schema);
      }
      cost +=
        1 +
        multiplier(selection.arguments ?? [], isListType(getNullableType(field.type)), parentType) *
          childCost;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? typeFromAST(schema, selection.typeCondition) : parentType;
      const type = condition && isCompositeType(condition) ? condition : parentType;
      cost += costOf(selection.selectionSet, type, memo, schema);
    } else {
      const fragment = memo.fragments.get(selection.name.value);
      if (!fragment) continue;
      const type = fragmentType(schema, fragment, parentType);
      // A fragment whose type condition is unknown is costed as the type it is spread in.
      const spread = memo.valueOf(
        fragment.name.value,
        () => costOf(fragment.selectionSet, type, memo, schema),
        `${fragment.name.value} on ${type.name}`,
      );
      cost += spread ?? 0;
    }
  }
  return cost;
}

function fragmentType(
  schema: GraphQLSchema,
  fragment: FragmentDefinitionNode,
  parentType: GraphQLCompositeType,
): GraphQLCompositeType {
  const condition = typeFromAST(schema, fragment.typeCondition);
  return condition && isCompositeType(condition) ? condition : parentType;
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
