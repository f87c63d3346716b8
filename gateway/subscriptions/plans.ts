import {
  buildOperationContext,
  executeQueryPlan,
  type GraphQLDataSource,
  type ServiceMap,
} from '@apollo/gateway';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { GraphQLError, print, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { SubscriptionEvent } from '../../platform/graphql/subscription-event';
import type { GatewayContext } from '../auth';

/** A subscription operation planned once: the primary fetch from its owner, then the rest. */
export interface PlannedSubscription {
  document: DocumentNode;
  plan: QueryPlan;
  /** The subgraph that owns the subscription field. */
  owner: string;
}

/** The context one event is resolved with: its subscriber's, plus the event for the owner. */
export interface EventContext extends GatewayContext {
  event: SubscriptionEvent;
}

/**
 * Plans subscriptions with `@apollo/query-planner` and runs the plan once per event with
 * `@apollo/gateway`'s own executor: the primary fetch is sent to the owning subgraph with the
 * event attached (it answers from the event for the subscriber), and the rest of the plan
 * fetches the other subgraphs' fields through `_entities`, one batched fetch per subgraph.
 */
export class SubscriptionPlanner {
  private readonly planner: QueryPlanner;
  private readonly supergraph: Supergraph;
  readonly apiSchema: GraphQLSchema;
  private readonly supergraphSchema: GraphQLSchema;
  private readonly plans = new Map<string, PlannedSubscription>();

  constructor(
    supergraphSdl: string,
    private readonly services: () => Record<string, GraphQLDataSource>,
  ) {
    this.supergraph = Supergraph.build(supergraphSdl);
    this.planner = new QueryPlanner(this.supergraph);
    this.apiSchema = this.supergraph.apiSchema().toGraphQLJSSchema();
    this.supergraphSchema = this.supergraph.schema.toGraphQLJSSchema();
  }

  /** The plan of a validated subscription document (cached by its text, a bounded number). */
  plan(document: DocumentNode, operationName?: string | null): PlannedSubscription {
    const key = `${operationName ?? ''}\n${print(document)}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const operation = operationFromDocument(this.supergraph.apiSchema(), document, {
      operationName: operationName ?? undefined,
    });
    const planned = this.planner.buildQueryPlan(operation);
    const node = planned.node;
    if (!node || node.kind !== 'Subscription') throw new Error('Not a subscription operation');
    const root: PlanNode = node.rest ? { kind: 'Sequence', nodes: [node.primary, node.rest] } : node.primary;
    const result = {
      document,
      plan: { kind: 'QueryPlan', node: root } as QueryPlan,
      owner: node.primary.serviceName,
    };
    if (this.plans.size >= 1_000) this.plans.clear();
    this.plans.set(key, result);
    return result;
  }

  /** Resolves one event for one subscription, as its subscriber may see it. */
  async execute(
    planned: PlannedSubscription,
    variables: Record<string, unknown>,
    operationName: string | null | undefined,
    context: EventContext,
  ): Promise<ExecutionResult> {
    const operationContext = buildOperationContext({
      schema: this.apiSchema,
      operationDocument: planned.document,
      operationName: operationName ?? undefined,
    });
    const requestContext = {
      request: { query: print(planned.document), variables, operationName: operationName ?? undefined },
      document: planned.document,
      operationName: operationName ?? null,
      context,
      logger: silentLogger,
      metrics: {},
      cache: undefined,
      overallCachePolicy: undefined,
    };
    const result = await executeQueryPlan(
      planned.plan,
      this.services() as ServiceMap,
      requestContext as unknown as Parameters<typeof executeQueryPlan>[2],
      operationContext,
      this.supergraphSchema,
      this.supergraph.apiSchema(),
    );
    return { data: result.data ?? null, errors: result.errors as GraphQLError[] | undefined };
  }
}

const silentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
