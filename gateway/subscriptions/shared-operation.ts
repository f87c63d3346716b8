import {
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

/** A subscription as its source shares it: the same for every client whatever `after` it sent. */
export interface SharedOperation {
  /** The operation without the root field's `after` argument (nor the variable it used). */
  document: DocumentNode;
  variables: Record<string, unknown>;
  operationName?: string;
  /** The root field: what the subscription is to. */
  field: string;
  /** Where its value is in a result: the field's alias, or its name. */
  responseKey: string;
  /** The root field's arguments but `after`, with variables substituted. */
  args: Record<string, unknown>;
  /** The id the client wants to resume after, if any. */
  after?: string;
}

/**
 * Splits a client's subscription into what clients share (the operation and its arguments
 * without `after`) and where this client resumes. The document is validated already; a
 * subscription has exactly one root field.
 */
export function shareOperation(
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string | null,
): SharedOperation {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (!operationName || definition.name?.value === operationName),
  );
  if (!operation || operation.operation !== 'subscription') throw new GraphQLError('Not a subscription');
  const root = operation.selectionSet.selections[0];
  if (root.kind !== Kind.FIELD) throw new GraphQLError('A subscription selects one field at its root');
  const args: Record<string, unknown> = {};
  let after: unknown;
  let afterVariable: string | undefined;
  for (const argument of root.arguments ?? []) {
    const value = valueOf(argument.value, variables);
    if (argument.name.value === 'after') {
      after = value;
      if (argument.value.kind === Kind.VARIABLE) afterVariable = argument.value.name.value;
    } else args[argument.name.value] = value;
  }
  const shared = visit(document, {
    Argument: (node) => (node.name.value === 'after' && root.arguments?.includes(node) ? null : undefined),
    VariableDefinition: (node) => (node.variable.name.value === afterVariable ? null : undefined),
  });
  const { [afterVariable ?? '']: _after, ...rest } = variables;
  return {
    document: shared,
    variables: afterVariable ? rest : variables,
    operationName: operationName ?? undefined,
    field: root.name.value,
    responseKey: root.alias?.value ?? root.name.value,
    args,
    after: after === null || after === undefined ? undefined : String(after),
  };
}

function valueOf(value: ValueNode, variables: Record<string, unknown>): unknown {
  switch (value.kind) {
    case Kind.VARIABLE:
      return variables[value.name.value];
    case Kind.NULL:
      return null;
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.STRING:
    case Kind.ENUM:
      return value.value;
    case Kind.BOOLEAN:
      return value.value;
    case Kind.LIST:
      return value.values.map((item) => valueOf(item, variables));
    case Kind.OBJECT:
      return Object.fromEntries(
        value.fields.map((field) => [field.name.value, valueOf(field.value, variables)]),
      );
  }
}
